package dev.distill4j.core.tasks;

import dev.distill4j.core.Suggestions;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The task families on the class path, by name. */
public final class TaskFamilies {
    private final Map<String, TaskFamily> families;

    public TaskFamilies(Iterable<TaskFamily> families) {
        Map<String, TaskFamily> byName = new TreeMap<>();
        for (TaskFamily family : families) {
            if (byName.putIfAbsent(family.name(), family) != null) {
                throw new IllegalStateException("two task families claim the name '" + family.name() + "'");
            }
        }
        this.families = Collections.unmodifiableMap(byName);
    }

    public static TaskFamilies discover() {
        return new TaskFamilies(ServiceLoader.load(TaskFamily.class));
    }

    public Map<String, TaskFamily> all() {
        return families;
    }

    /** @throws IllegalArgumentException naming the known families, for an unknown name */
    public TaskFamily get(String name) {
        TaskFamily family = families.get(name);
        if (family == null) {
            throw new IllegalArgumentException("unknown task family '" + name + "'" + Suggestions.didYouMean(name, families.keySet())
                    + "; known families: " + String.join(", ", families.keySet()));
        }
        return family;
    }
}
