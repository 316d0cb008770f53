package dev.distill4j.serve.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chat prompts for the guard's tests: varied benign traffic from hand-written templates over many topics, and the
 * traffic of a distillation attack, one arithmetic template with enumerated operands.
 */
final class SyntheticPrompts {
    private static final List<String> BENIGN_TEMPLATES = List.of(
            "How long should I cook {food} in the oven?",
            "Give me a quick weeknight recipe with {food} and {food}.",
            "What can I use instead of {food} in a {dish}?",
            "My {dish} always comes out dry. What am I doing wrong?",
            "Plan a {n}-day trip to {city} on a budget.",
            "What is the best time of year to visit {city}?",
            "Is it easy to get from {city} to {city} by train?",
            "What should I pack for a week in {city} in {month}?",
            "How do I reverse a list in {lang}?",
            "Why does my {lang} code throw a null pointer exception when I read a file?",
            "Explain the difference between an interface and an abstract class in {lang}.",
            "Write a {lang} function that checks whether a string is a palindrome.",
            "How do I parse JSON in {lang} without an external library?",
            "Write a polite email to {name} asking to move our meeting to {day}.",
            "Draft an email to my landlord about the broken {thing}.",
            "Help me reply to {name}, who asked for the {topic} report by {day}.",
            "Summarise this for my manager: the {topic} project is two weeks late because of {topic}.",
            "Can you explain {topic} to a ten year old?",
            "What are the main arguments for and against {topic}?",
            "Recommend three books about {topic}.",
            "Write a short poem about {thing} in the style of a haiku.",
            "Tell me a bedtime story about a {animal} who lives in {city}.",
            "What are good names for a {animal}?",
            "My {animal} keeps scratching the {thing}. How do I stop it?",
            "How many calories are in a plate of {food}?",
            "Translate 'where is the station' into {language}.",
            "What are some common phrases to learn before visiting {city}?",
            "How do I fix a leaking {thing}?",
            "Compare renting and buying a flat in {city}.",
            "Give me a {n}-week training plan to run my first 10k.",
            "What's a good gift for {name}, who likes {topic}?",
            "Fix the grammar: 'me and {name} goes to the {thing} shop yesterday'.",
            "Write a cover letter for a junior {job} position.",
            "What questions should I ask in a {job} interview?",
            "Explain what a {lang} generic type is, with an example.");

    private static final Map<String, List<String>> FILLERS = Map.ofEntries(
            Map.entry("food", List.of("salmon", "chickpeas", "tofu", "lentils", "chicken thighs", "sweet potatoes", "rice",
                    "eggplant", "mushrooms", "spinach", "butter", "eggs", "pork shoulder")),
            Map.entry("dish", List.of("lasagna", "curry", "banana bread", "risotto", "stir fry", "pancake batter", "soup")),
            Map.entry("city", List.of("Lisbon", "Kyoto", "Montreal", "Nairobi", "Oslo", "Buenos Aires", "Hanoi", "Edinburgh",
                    "Seville", "Vancouver", "Istanbul", "Prague")),
            Map.entry("month", List.of("January", "April", "July", "October", "December")),
            Map.entry("lang", List.of("Java", "Python", "Rust", "Go", "JavaScript", "Kotlin", "C#")),
            Map.entry("name", List.of("Priya", "Tom", "Ana", "Mr. Okafor", "the team", "my professor", "Keiko")),
            Map.entry("day", List.of("Monday", "Tuesday", "Thursday", "Friday", "next week")),
            Map.entry("thing", List.of("heater", "sofa", "tap", "window", "fridge", "washing machine", "door")),
            Map.entry("topic", List.of("climate change", "inflation", "machine learning", "the Roman empire", "photosynthesis",
                    "remote work", "budget", "supply chain", "sleep", "jazz")),
            Map.entry("animal", List.of("cat", "dog", "rabbit", "parrot", "hedgehog")),
            Map.entry("language", List.of("Spanish", "Japanese", "German", "Swahili", "Portuguese")),
            Map.entry("job", List.of("data analyst", "nurse", "software engineer", "teacher", "accountant")),
            Map.entry("n", List.of("2", "3", "4", "5", "7", "10")));

    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

    private SyntheticPrompts() {}

    /** {@code count} benign prompts, each a random template with random fillers. */
    static List<String> benign(int count, Random random) {
        List<String> prompts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String template = BENIGN_TEMPLATES.get(random.nextInt(BENIGN_TEMPLATES.size()));
            Matcher slot = SLOT.matcher(template);
            StringBuilder prompt = new StringBuilder();
            while (slot.find()) {
                List<String> options = FILLERS.get(slot.group(1));
                slot.appendReplacement(prompt, Matcher.quoteReplacement(options.get(random.nextInt(options.size()))));
            }
            slot.appendTail(prompt);
            prompts.add(prompt.toString());
        }
        return prompts;
    }

    /** {@code count} prompts of a distillation attack: one arithmetic template over enumerated operands. */
    static List<String> arithmeticAttack(int count, Random random) {
        List<String> prompts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            prompts.add("What is " + random.nextInt(1000) + " + " + random.nextInt(1000) + "? Show your work.");
        }
        return prompts;
    }

    static List<float[]> embed(List<String> prompts, int dimensions) {
        return prompts.stream().map(p -> PromptEmbedding.of(p, dimensions)).toList();
    }
}
