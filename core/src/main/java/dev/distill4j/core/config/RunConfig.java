package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.nio.file.Path;

/**
 * The {@code run:} section: which run this is and where its folder lives.
 *
 * @param name the run's name, also its folder name: letters, digits, '.', '_' and '-'
 * @param dir  the folder that holds runs (default {@code runs}, next to the config file)
 * @param seed the seed every stage derives its own from (default 1)
 */
@JsonDeserialize(builder = RunConfig.Builder.class)
public record RunConfig(String name, Path dir, long seed) {
    public RunConfig {
        Fields.name("name", name, "a run name such as 'demo'");
        Fields.required("dir", dir, "a folder that holds runs");
    }

    /** {@code <dir>/<name>/}: the folder everything this run makes lives in. */
    public Path folder() {
        return dir.resolve(name);
    }

    RunConfig resolvedAgainst(Path base) {
        return new RunConfig(name, base.resolve(dir).normalize(), seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().name(name).dir(dir).seed(seed);
    }

    /** Starts from the defaults named on the record's parameters; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String name;
        private Path dir = Path.of("runs");
        private long seed = 1;

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public RunConfig build() {
            return new RunConfig(name, dir, seed);
        }
    }
}
