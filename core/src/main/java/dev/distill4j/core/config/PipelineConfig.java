package dev.distill4j.core.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.distill4j.core.ContentKey;
import java.util.Arrays;
import java.util.List;

/**
 * A whole pipeline, as {@code ./distill run CONFIG.yaml} reads it: every section with its defaults filled in.
 * Load one with {@link PipelineConfigLoader}, then check it against the registries with {@link ConfigCheck}.
 *
 * <p>Only {@code run} and {@code tasks} are required. A pipeline with no {@code teacher} trains from expert
 * data only. {@code tasks.seed} and {@code training.seed} default to {@code run.seed}. When a source is
 * given, relative paths ({@code run.dir}, {@code tasks.file}, {@code student.init}, each endpoint's
 * {@code api_key_file}) are resolved against its folder.
 *
 * @param source where the config came from, for error positions and path resolution; null for one built in
 *               code. Not part of the config: {@link #equals}, {@link #hash()} and {@link #canonicalJson()}
 *               ignore it.
 */
public record PipelineConfig(
        RunConfig run,
        TeacherConfig teacher,
        TasksConfig tasks,
        VerifierConfig verifier,
        CurationConfig curation,
        StudentConfig student,
        TrainingConfig training,
        EvaluationConfig evaluation,
        @JsonInclude(JsonInclude.Include.NON_NULL) JudgeConfig judge,
        @JsonInclude(JsonInclude.Include.NON_NULL) StudyConfig study,
        @JsonIgnore ConfigSource source) {
    public PipelineConfig {
        Fields.required("run", run, "a 'run' section with at least a name");
        Fields.required("tasks", tasks, "a 'tasks' section naming a family or a file");
        verifier = verifier == null ? VerifierConfig.perTask() : verifier;
        curation = curation == null ? CurationConfig.builder().build() : curation;
        student = student == null ? StudentConfig.fromScratch() : student;
        training = training == null ? TrainingConfig.builder().build() : training;
        evaluation = evaluation == null ? EvaluationConfig.builder().build() : evaluation;
        // One seed in the run section makes the whole run replayable; a section may still pin its own.
        if (tasks.seed() == null) {
            tasks = tasks.toBuilder().seed(run.seed()).build();
        }
        if (training.seed() == null) {
            training = training.toBuilder().seed(run.seed()).build();
        }
        if (source != null) {
            run = run.resolvedAgainst(source.folder());
            teacher = teacher == null ? null : teacher.resolvedAgainst(source.folder());
            tasks = tasks.resolvedAgainst(source.folder());
            student = student.resolvedAgainst(source.folder());
            judge = judge == null ? null : judge.resolvedAgainst(source.folder());
        }
    }

    /** A pipeline without a judge. */
    public PipelineConfig(RunConfig run, TeacherConfig teacher, TasksConfig tasks, VerifierConfig verifier, CurationConfig curation,
            StudentConfig student, TrainingConfig training, EvaluationConfig evaluation, ConfigSource source) {
        this(run, teacher, tasks, verifier, curation, student, training, evaluation, null, null, source);
    }

    /** A pipeline without a study. */
    public PipelineConfig(RunConfig run, TeacherConfig teacher, TasksConfig tasks, VerifierConfig verifier, CurationConfig curation,
            StudentConfig student, TrainingConfig training, EvaluationConfig evaluation, JudgeConfig judge, ConfigSource source) {
        this(run, teacher, tasks, verifier, curation, student, training, evaluation, judge, null, source);
    }

    /** The study section, or the default study where the config has none. */
    public StudyConfig studyOrDefault() {
        return study != null ? study : StudyConfig.builder().build();
    }

    /** The same pipeline with another study section. */
    public PipelineConfig withStudy(StudyConfig value) {
        return new PipelineConfig(run, teacher, tasks, verifier, curation, student, training, evaluation, judge, value, source);
    }

    /** Whether the pipeline has an LLM judge score the samples as well as their tasks' verifiers. */
    public boolean hasJudge() {
        return judge != null;
    }

    /** Whether the pipeline asks a teacher; without one it trains from the tasks' expert solutions only. */
    public boolean hasTeacher() {
        return teacher != null;
    }

    /** The same config read from a source: relative paths resolve against its folder, errors point into it. */
    public PipelineConfig withSource(ConfigSource source) {
        return new PipelineConfig(run, teacher, tasks, verifier, curation, student, training, evaluation, judge, study, source);
    }

    /**
     * The effective config as JSON with sorted keys and defaults filled in, for provenance. Paths are written
     * relative to the config's folder, so that the same project checked out elsewhere renders the same.
     */
    public String canonicalJson() {
        return CanonicalJson.render(this);
    }

    /**
     * SHA-256 of {@link #canonicalJson()}: the same effective config gives the same hash whatever the key
     * order, comments or spelled-out defaults of its file.
     */
    public String hash() {
        return ContentKey.of("distill4j-pipeline-config-v1", canonicalJson());
    }

    /** Equal when every section is equal; where the config came from does not matter. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PipelineConfig that && sections().equals(that.sections());
    }

    @Override
    public int hashCode() {
        return sections().hashCode();
    }

    private List<Object> sections() {
        return Arrays.asList(run, teacher, tasks, verifier, curation, student, training, evaluation, judge, study);
    }
}
