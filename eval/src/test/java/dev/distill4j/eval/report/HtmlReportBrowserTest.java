package dev.distill4j.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a reader sees it: written to disk, opened from a file:// URL in a real headless Chromium, checked
 * through the DevTools protocol and photographed. Catches what string checks on the HTML cannot: a data: URI that
 * does not decode, a section that is not there, a page that asks the network for something.
 */
class HtmlReportBrowserTest {
    /** What the page says about itself, gathered in one evaluation. */
    private static final String INSPECT = """
            JSON.stringify({
              sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
              images: [...document.images].map(i => ({ok: i.complete && i.naturalWidth > 0, width: i.naturalWidth, src: i.src.slice(0, 22)})),
              headline: document.querySelector('#headline .lead').textContent,
              text: document.body.innerText
            })""";

    private static HeadlessChromium chromium;

    @BeforeAll
    static void start_chromium() throws Exception {
        if (!HeadlessChromium.installed()) {
            // In CI the browser is installed by .ci/run; its absence there is a broken build, not a reason to skip.
            if (System.getenv("CI") != null) {
                fail(HeadlessChromium.missingMessage());
            }
            assumeTrue(false, HeadlessChromium.missingMessage() + " Skipped here because CI is not set.");
        }
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stop_chromium() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void should_show_every_section_and_every_plot_of_a_full_study(@TempDir Path dir) throws Exception {
        HtmlReport.write(StudyReports.realistic(), dir);

        HeadlessChromium.Tab tab = chromium.open(dir.resolve("index.html").toUri(), 1200, 900);
        JsonNode page = inspect(tab);

        assertThat(texts(page.get("sections"))).containsExactly("headline", "teacher", "funnel", "cost", "students", "curves", "scaling", "reproduce");
        // Teacher pass@k / maj@k, the funnel, accuracy vs examples, accuracy vs teacher queries.
        assertThat(page.get("images")).hasSize(4);
        for (JsonNode image : page.get("images")) {
            assertThat(image.get("ok").asBoolean()).as("image %s decoded", image).isTrue();
            assertThat(image.get("src").asText()).startsWith("data:image/png;base64");
        }
        // The fit of teacher-verified, 0.97 - 2.5 n^-0.45, reaches 0.9 * 0.989 = 0.8901 at n = (0.0799 / 2.5)^(-1 / 0.45) = 2,104.24,
        // a whole 2,105 examples; 1.25 queries per example make 2,630.3 (2,631) queries, at $0.0004 each $1.05.
        assertThat(page.get("headline").asText())
                .isEqualTo("2,105 examples / 2,631 teacher queries / $1.05 to reach 90% of the teacher (source: teacher-verified).");
        assertThat(page.get("text").asText()).doesNotContain("null").doesNotContain("NaN").doesNotContain("Infinity");
        assertThat(tab.requestedUrls()).allSatisfy(url -> assertThat(url).matches("^(file|data):.*"));

        byte[] png = tab.screenshot();
        // Left beside the build for a person to look at; nothing reads it.
        Files.write(Path.of("target", "report-screenshot.png"), png);
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(shot).as("the screenshot decodes as an image").isNotNull();
        assertThat(shot.getWidth()).isEqualTo(1200);
        assertThat(shot.getHeight()).as("the whole page, taller than the viewport").isGreaterThan(900);
        assertThat(nonWhitePixels(shot)).as("pixels that are not white").isGreaterThan(shot.getWidth() * shot.getHeight() / 50);
    }

    @Test
    void should_say_plainly_when_no_student_reached_ninety_percent(@TempDir Path dir) throws Exception {
        HtmlReport.write(StudyReports.nobodyReached(), dir);

        JsonNode page = inspect(chromium.open(dir.resolve("index.html").toUri(), 1200, 900));

        // Best single run: teacher-verified at 3,000 examples, seed 3: 0.97 - 2.5 * 3000^-0.45 + 0.009 = 0.97 - 0.06809 + 0.009 = 0.9109.
        assertThat(page.get("headline").asText())
                .isEqualTo("No student reached 90% of the teacher in this run; best: 91.1% from source teacher-verified.");
        assertThat(texts(page.get("sections"))).containsExactlyElementsOf(HtmlReport.SECTIONS);
        assertThat(page.get("images")).hasSize(4).allSatisfy(image -> assertThat(image.get("ok").asBoolean()).isTrue());
        String text = page.get("text").asText();
        assertThat(text).doesNotContain("null").doesNotContain("NaN").contains("Not measured in this run.");
    }

    private static JsonNode inspect(HeadlessChromium.Tab tab) throws Exception {
        return dev.distill4j.core.Json.MAPPER.readTree(tab.evaluate(INSPECT).asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static long nonWhitePixels(BufferedImage image) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    count++;
                }
            }
        }
        return count;
    }
}
