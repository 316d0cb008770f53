package dev.distill4j.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the student learns from the curated data and the teacher. */
public enum TrainingMode {
    /** Supervised fine-tuning on the teacher's accepted completions. */
    SFT,
    /** Knowledge distillation against the teacher's top-k logprobs. */
    KD,
    /** On-policy distillation: the student samples, the teacher scores its tokens. */
    ONPOLICY,
    /** Group relative policy optimisation with the verifier as reward. */
    GRPO,
    /** Rejection-sampling fine-tuning: the student's own verified samples become its training data. */
    RFT;

    /** The name in config files: {@code sft}, {@code kd}, {@code onpolicy}, {@code grpo}, {@code rft}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
