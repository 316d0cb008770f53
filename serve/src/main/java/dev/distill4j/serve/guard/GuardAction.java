package dev.distill4j.serve.guard;

/** What the guard does with a key's next request, mildest first. */
public enum GuardAction {
    /** Served as asked. */
    ALLOW,
    /** Served as asked, and the key is listed in {@code ./distill guard status} with its reasons. */
    FLAG,
    /** Served, but at a lower rate (a 429 with Retry-After when over it). */
    THROTTLE,
    /** Served with less of what copying needs: the policy's {@link Degradation}s (one sample, no or rounded logprobs, the final answer only). */
    DEGRADE,
    /** Refused with OpenAI's error shape (403). */
    REFUSE
}
