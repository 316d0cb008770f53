package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.core.config.ConfigLocations.Position;
import org.junit.jupiter.api.Test;

class ConfigLocationsTest {
    private static final String YAML = """
            # comment
            run:
              name: demo
            teacher:
              endpoints:
                - name: a
                  base_url: http://a/v1
                -   name: b
              sampling: {n: 2, stop: [x, y]}
            """;

    private final ConfigLocations locations = ConfigLocations.index(YAML, "l.yaml");

    @Test
    void should_place_each_key_at_its_own_line_and_column() {
        assertThat(locations.at("run")).contains(new Position(2, 1));
        assertThat(locations.at("run.name")).contains(new Position(3, 3));
        assertThat(locations.at("teacher.endpoints")).contains(new Position(5, 3));
        assertThat(locations.at("teacher.endpoints[0].base_url")).contains(new Position(7, 7));
        assertThat(locations.at("teacher.endpoints[1].name")).contains(new Position(8, 9));
        assertThat(locations.at("teacher.sampling.n")).contains(new Position(9, 14));
    }

    @Test
    void should_place_a_list_element_at_its_first_token() {
        assertThat(locations.at("teacher.endpoints[0]")).contains(new Position(6, 7));
        assertThat(locations.at("teacher.endpoints[1]")).contains(new Position(8, 9));
        assertThat(locations.at("teacher.sampling.stop[1]")).contains(new Position(9, 30));
    }

    @Test
    void should_fall_back_to_the_nearest_enclosing_key_for_a_missing_one() {
        assertThat(locations.at("teacher.endpoints[1].model")).isEmpty();
        assertThat(locations.nearest("teacher.endpoints[1].model")).isEqualTo(new Position(8, 9));
        assertThat(locations.nearest("teacher.sampling.top_p")).isEqualTo(new Position(9, 3));
        assertThat(locations.nearest("curation.dedup")).isEqualTo(new Position(2, 1));
    }

    @Test
    void should_show_values_but_only_the_kind_of_a_credential() {
        ConfigLocations withKey = ConfigLocations.index("a: hot\nb: 3.5\nc: [1]\napi_key: sk-1234\n", "k.yaml");

        assertThat(withKey.shown("a")).isEqualTo("'hot'");
        assertThat(withKey.shown("b")).isEqualTo("3.5");
        assertThat(withKey.shown("c")).isEqualTo("a list");
        assertThat(withKey.shown("api_key")).isEqualTo("a string");
        assertThat(withKey.shown("d")).isEqualTo("nothing");
    }

    @Test
    void should_walk_paths_up_to_the_top_level() {
        assertThat(ConfigLocations.parent("teacher.endpoints[1].name")).isEqualTo("teacher.endpoints[1]");
        assertThat(ConfigLocations.parent("teacher.endpoints[1]")).isEqualTo("teacher.endpoints");
        assertThat(ConfigLocations.parent("teacher")).isEmpty();
        assertThat(ConfigLocations.parent("")).isNull();
        assertThat(ConfigLocations.join("teacher", "endpoints[1].name")).isEqualTo("teacher.endpoints[1].name");
        assertThat(ConfigLocations.join("evaluation.k", "[1]")).isEqualTo("evaluation.k[1]");
        assertThat(ConfigLocations.join("", "run")).isEqualTo("run");
    }
}
