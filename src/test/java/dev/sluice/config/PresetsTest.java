package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PresetsTest {

    static List<String> presetNames() {
        return Presets.NAMES;
    }

    @ParameterizedTest
    @MethodSource("presetNames")
    void shouldLoadEveryBundledPreset(String name) throws ConfigException {
        SluiceConfig preset = Presets.load(name);

        assertThat(preset.description()).isNotBlank();
        assertThat(preset.services()).isNotEmpty();
        assertThat(preset.feed().instruments()).isNotEmpty();
    }

    @Test
    void shouldCombineEveryPresetInTheDemo() throws ConfigException {
        List<ServiceConfig> expected = new ArrayList<>();
        for (String name : Presets.NAMES) {
            expected.addAll(Presets.load(name).services());
        }

        SluiceConfig demo = Presets.demo();

        assertThat(demo.description()).isEqualTo("All bundled presets");
        assertThat(demo.services()).containsExactlyElementsOf(expected);
        assertThat(demo.services()).extracting(ServiceConfig::port).doesNotHaveDuplicates();
        assertThat(demo.feed().instruments()).isNotEmpty();
    }

    @Test
    void shouldGiveTheDemoTheWidestMessageLimitsAnyPresetNeeds() throws ConfigException {
        int widest = 0;
        for (String name : Presets.NAMES) {
            widest = Math.max(widest, Presets.load(name).server().maxMessageBytes());
        }

        assertThat(Presets.demo().server().maxMessageBytes()).isEqualTo(widest).isEqualTo(262_144);
    }

    @Test
    void shouldSuggestTheClosestPresetForAnUnknownName() {
        ConfigException e = thrownBy(() -> Presets.load("okz"));

        String problem = "no such preset; did you mean 'okx'? (presets: " + String.join(", ", Presets.NAMES) + ")";
        assertThat(e.errors()).containsExactly(new ConfigError("--preset", "preset", 0, 0, "okz", problem));
        assertThat(e.getMessage()).isEqualTo("--preset: preset = okz: " + problem);
    }

    @Test
    void shouldNotSuggestAPresetWhenNoneIsClose() {
        ConfigException e = thrownBy(() -> Presets.load("bloomberg"));

        assertThat(e.errors().get(0).problem()).startsWith("no such preset (presets: ").doesNotContain("did you mean");
    }

    private interface Load {
        SluiceConfig run() throws ConfigException;
    }

    private static ConfigException thrownBy(Load load) {
        try {
            return fail("expected a ConfigException, but loaded " + load.run());
        } catch (ConfigException e) {
            return e;
        }
    }
}
