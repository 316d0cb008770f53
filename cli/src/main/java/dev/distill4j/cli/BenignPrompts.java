package dev.distill4j.cli;

import java.util.List;
import java.util.Random;

/**
 * Prompts of benign traffic for the guard's simulator, drawn from small grammars: chat users' questions on many
 * topics (now and then an arithmetic question in their own words, sometimes in the very words of the arithmetic task
 * family), and the templated prompts of applications built on the API (a support desk summarising tickets, a shop
 * classifying reviews), whose one template carries different text every time. ASCII only: the shipped teacher's
 * tokenizer knows no more.
 */
final class BenignPrompts {
    private BenignPrompts() {}

    private static final List<String> TOPICS = List.of("sourdough bread", "the French revolution", "black holes", "tax returns", "marathon training",
            "house plants", "the Rust borrow checker", "jazz chords", "climate change", "job interviews", "Roman roads", "vaccines", "chess openings",
            "Kubernetes", "sleep hygiene", "the stock market", "photosynthesis", "electric cars", "learning Spanish", "medieval castles",
            "SQL joins", "knitting", "volcanoes", "the Olympics", "budget travel", "coffee brewing", "bird migration", "quantum computing",
            "public speaking", "composting");
    private static final List<String> NAMES = List.of("Alice", "Bob", "Priya", "Chen", "Fatima", "Lars", "Maria", "Kofi", "Yuki", "Omar");
    private static final List<String> CHAT = List.of(
            "Can you explain %s to a ten year old?",
            "What are three common mistakes people make with %s?",
            "Write a short poem about %s.",
            "I'm giving a talk on %s tomorrow. Any tips for the opening line?",
            "Summarize the history of %s in one paragraph.",
            "Is it true that %s is overrated? Give both sides.",
            "My friend %2$s says %1$s is easy. How long does it take to learn?",
            "List five books or resources about %s.",
            "What's the difference between beginner and expert level %s?",
            "Draft an email to %2$s asking for help with %1$s.",
            "Give me a study plan for %s over four weeks.",
            "why does %s matter",
            "tell me a fun fact about %s",
            "How would you explain %s in a job interview?",
            "Write a limerick about %2$s and %1$s.",
            "What questions should I ask an expert on %s?");
    private static final List<String> ARITHMETIC = List.of(
            "what's %d + %d?", "quick one: %d plus %d", "Can you add %d and %d for me?", "How much is %d times %d?",
            "I have %d apples and buy %d more. How many now?", "What is %d + %d?", "What is %d * %d?");
    private static final List<String> TICKET = List.of("printer shows error %d after the update", "refund for order %d has not arrived",
            "cannot log in since password reset, tried %d times", "invoice %d charged twice", "delivery to the warehouse was %d days late",
            "app crashes when uploading photos larger than %d MB");
    private static final List<String> REVIEW = List.of("Battery lasts %d hours, better than my old one.", "Arrived broken, waited %d days for support.",
            "Decent for the price, though the strap broke after %d weeks.", "Five stars, my %d year old loves it.",
            "Stopped working after %d uses. Do not buy.");

    /** A chat user's prompt; about one in ten is an arithmetic question. */
    static String chat(Random random) {
        if (random.nextInt(10) == 0) {
            return arithmetic(random);
        }
        String template = CHAT.get(random.nextInt(CHAT.size()));
        return String.format(template, TOPICS.get(random.nextInt(TOPICS.size())), NAMES.get(random.nextInt(NAMES.size())));
    }

    /** An arithmetic question in a chat user's words (one of them the task family's own). */
    static String arithmetic(Random random) {
        String template = ARITHMETIC.get(random.nextInt(ARITHMETIC.size()));
        return String.format(template, 2 + random.nextInt(200), 2 + random.nextInt(60));
    }

    /** An application's prompt: its one template around new text each time; {@code app} picks the application. */
    static String application(int app, Random random) {
        String name = NAMES.get(random.nextInt(NAMES.size()));
        return switch (app % 3) {
            case 0 -> "Summarize this support ticket from " + name + " in one line: " + String.format(TICKET.get(random.nextInt(TICKET.size())),
                    1 + random.nextInt(9000));
            case 1 -> "Classify the sentiment of this review as positive, negative or mixed: " + String.format(REVIEW.get(random.nextInt(REVIEW.size())),
                    1 + random.nextInt(40));
            default -> "Suggest a subject line for an email from " + name + " about " + TOPICS.get(random.nextInt(TOPICS.size())) + ".";
        };
    }

    /**
     * A prompt that hides an arithmetic task inside a chat user's phrasing, for attackers that mimic benign traffic:
     * the wrapping varies, the task underneath is the campaign's.
     */
    static String mimic(String question, Random random) {
        String topic = TOPICS.get(random.nextInt(TOPICS.size()));
        String lower = Character.toLowerCase(question.charAt(0)) + question.substring(1);
        return switch (random.nextInt(6)) {
            case 0 -> "Quick question while I work on " + topic + ": " + lower;
            case 1 -> NAMES.get(random.nextInt(NAMES.size())) + " asked me this and I'm not sure. " + question;
            case 2 -> "Help with homework please. " + question + " Show your working.";
            case 3 -> lower;
            case 4 -> "Before we talk about " + topic + ", " + lower;
            default -> question + " Thanks!";
        };
    }
}
