package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's JDK search (scripts/find-jdk.sh, used by ./distill and ./build), run by bash against fake
 * JDK homes: JAVA_HOME if it is 21+, else java on the PATH, else the newest JDK in the system's JVM folder.
 */
class FindJdkScriptTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "find-jdk.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path fakeJdk(String name, String version) throws Exception {
        Path home = dir.resolve("jvm").resolve(name);
        Files.createDirectories(home.resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path file = home.resolve("bin").resolve(tool);
            Files.writeString(file, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    private record Result(int code, String out, String err) {}

    private Result findJdk(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", ". \"$1\"; find_jdk 21", "find-jdk", SCRIPT.toString());
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("DISTILL_JVM_DIRS", dir.resolve("jvm").toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim(),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void should_use_java_home_when_it_is_21_or_newer() throws Exception {
        Path jdk21 = fakeJdk("jdk-21", "21.0.4");
        fakeJdk("jdk-25", "25.0.1");
        assertThat(findJdk(Map.of("JAVA_HOME", jdk21.toString())).out()).isEqualTo(jdk21.toString());
    }

    @Test
    void should_use_java_on_the_path_when_java_home_is_too_old() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", "17.0.15");
        Path jdk22 = fakeJdk("jdk-22", "22.0.2");
        fakeJdk("jdk-25", "25.0.1");
        Result result = findJdk(Map.of("JAVA_HOME", jdk17.toString(), "PATH", jdk22.resolve("bin") + ":/usr/bin:/bin"));
        assertThat(result.out()).isEqualTo(jdk22.toString());
    }

    @Test
    void should_fall_back_to_the_newest_jdk_in_the_system_folder() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", "17.0.15");
        fakeJdk("jdk-21", "21.0.4");
        Path jdk25 = fakeJdk("jdk-25", "25.0.1");
        Result result = findJdk(Map.of("JAVA_HOME", jdk17.toString(), "PATH", jdk17.resolve("bin") + ":/usr/bin:/bin"));
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo(jdk25.toString());
    }

    @Test
    void should_say_what_it_needs_and_what_it_saw_when_nothing_is_new_enough() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", "17.0.15");
        Result result = findJdk(Map.of("JAVA_HOME", jdk17.toString()));
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("distill4j needs a JDK 21 or newer").contains(jdk17 + ": 17").contains("JAVA_HOME");
    }

    @Test
    void should_skip_a_runtime_without_javac() throws Exception {
        Path jre = fakeJdk("jre-25", "25.0.1");
        Files.delete(jre.resolve("bin").resolve("javac"));
        Path jdk21 = fakeJdk("jdk-21", "21.0.4");
        assertThat(findJdk(Map.of("JAVA_HOME", jre.toString())).out()).isEqualTo(jdk21.toString());
    }
}
