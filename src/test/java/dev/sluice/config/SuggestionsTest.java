package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> SERVICE_KEYS = List.of("name", "dialect", "port", "exchange", "endpoints");

    @Test
    void shouldBeZeroForEqualStrings() {
        assertThat(Suggestions.distance("port", "port")).isZero();
    }

    @Test
    void shouldCountInsertionsDeletionsAndSubstitutions() {
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("abc", "")).isEqualTo(3);
        assertThat(Suggestions.distance("hst", "host")).isEqualTo(1);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void shouldCountATranspositionAsTwoEdits() {
        assertThat(Suggestions.distance("prot", "port")).isEqualTo(2);
    }

    @Test
    void shouldBeSymmetric() {
        assertThat(Suggestions.distance("exchnage", "exchange"))
            .isEqualTo(Suggestions.distance("exchange", "exchnage"));
    }

    @Test
    void shouldSuggestTheClosestCandidate() {
        assertThat(Suggestions.closest("prot", SERVICE_KEYS)).isEqualTo("port");
        assertThat(Suggestions.closest("dialekt", SERVICE_KEYS)).isEqualTo("dialect");
    }

    @Test
    void shouldIgnoreCaseButSuggestTheCandidateAsSpelt() {
        assertThat(Suggestions.closest("MAXMESSAGEBYTES", List.of("maxFramePayloadBytes", "maxMessageBytes")))
            .isEqualTo("maxMessageBytes");
    }

    @Test
    void shouldPreferTheEarlierCandidateOnATie() {
        assertThat(Suggestions.closest("ax", List.of("ab", "ac"))).isEqualTo("ab");
    }

    @Test
    void shouldAllowAThirdOfTheTypedLengthInEdits() {
        List<String> candidates = List.of("abcdefghi");

        assertThat(Suggestions.closest("abcdefXYZ", candidates)).as("3 edits on 9 characters").isEqualTo("abcdefghi");
        assertThat(Suggestions.closest("abcdeWXYZ", candidates)).as("4 edits on 9 characters").isNull();
    }

    @Test
    void shouldSuggestNothingWhenNothingIsClose() {
        assertThat(Suggestions.closest("bloomberg", List.of("okx"))).isNull();
        assertThat(Suggestions.closest("colour", SERVICE_KEYS)).isNull();
    }

    @Test
    void shouldSuggestNothingWithoutCandidates() {
        assertThat(Suggestions.closest("port", List.of())).isNull();
    }
}
