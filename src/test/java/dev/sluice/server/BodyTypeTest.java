package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyTypeTest {

    @Test
    void shouldCallOnlyAWholeJsonObjectOrArrayJson() {
        assertThat(BodyType.of("{\"msg\":\"Too Many Requests\",\"code\":\"50011\"}")).isEqualTo(BodyType.JSON);
        assertThat(BodyType.of(" [1, 2]\n")).isEqualTo(BodyType.JSON);
        assertThat(BodyType.of("Too Many Requests")).isEqualTo(BodyType.TEXT);
        assertThat(BodyType.of("{\"error\":\"x\"} and more")).as("trailing text").isEqualTo(BodyType.TEXT);
        assertThat(BodyType.of("{retryAfterMs}")).as("not JSON though it starts like it").isEqualTo(BodyType.TEXT);
        assertThat(BodyType.of("{\"error\":")).as("cut short").isEqualTo(BodyType.TEXT);
    }

    @Test
    void shouldGiveAnEmptyBodyNoContentType() {
        assertThat(BodyType.of("")).isNull();
        assertThat(BodyType.of(null)).isNull();
    }
}
