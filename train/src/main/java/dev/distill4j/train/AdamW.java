package dev.distill4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter 2019): Adam with weight decay decoupled from the gradient,
 * {@code p -= lr * (m̂ / (sqrt(v̂) + eps) + wd * p)}. Norms and biases are not decayed (the usual practice for
 * transformers: decaying a gain towards zero fights the normalisation it scales).
 *
 * <p>Updates run in place outside any gradient collector, so autograd does not record them. The moment
 * estimates are state that a resumed run must restore to continue the same loss curve.
 */
public final class AdamW implements AutoCloseable {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long steps;

    public AdamW(double beta1, double beta2, double epsilon, double weightDecay, NDManager parent) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("AdamW betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("AdamW needs epsilon > 0 and weight decay >= 0, got " + epsilon + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.manager = parent.newSubManager();
    }

    /** The defaults most LLM recipes use: betas (0.9, 0.95), eps 1e-8. */
    public static AdamW standard(double weightDecay, NDManager parent) {
        return new AdamW(0.9, 0.95, 1e-8, weightDecay, parent);
    }

    /** Applies one update with learning rate {@code lr} to every parameter from its gradient, then zeroes the gradients. */
    public void step(Map<String, NDArray> parameters, double lr) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            String name = entry.getKey();
            NDArray parameter = entry.getValue();
            NDArray gradient = parameter.getGradient();
            NDArray m = firstMoments.computeIfAbsent(name, n -> persistent(manager.zeros(parameter.getShape(), parameter.getDataType())));
            NDArray v = secondMoments.computeIfAbsent(name, n -> persistent(manager.zeros(parameter.getShape(), parameter.getDataType())));
            // Every temporary of the update is freed at the end of the scope; m, v and the parameter change in place.
            try (NDScope scope = new NDScope()) {
                m.muli(beta1).addi(gradient.mul(1 - beta1));
                v.muli(beta2).addi(gradient.square().mul(1 - beta2));
                NDArray update = m.div(correction1).div(v.div(correction2).sqrt().add(epsilon));
                if (decays(name)) {
                    update.addi(parameter.mul(weightDecay));
                }
                parameter.subi(update.mul(lr));
            }
            gradient.muli(0);
        }
    }

    /** Optimizer state lives as long as the optimizer, whatever scope the step that made it ran in. */
    private static NDArray persistent(NDArray array) {
        NDScope.unregister(array);
        return array;
    }

    /** Matrices decay; norms, biases (one-dimensional tensors) do not. */
    static boolean decays(String name) {
        return !name.endsWith("norm.weight") && !name.endsWith(".bias");
    }

    public long steps() {
        return steps;
    }

    /** The moments by parameter name, for saving: {@code m.<name>} and {@code v.<name>}. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        firstMoments.forEach((name, array) -> state.put("m." + name, array));
        secondMoments.forEach((name, array) -> state.put("v." + name, array));
        return state;
    }

    /** Restores moments and step count saved by {@link #state()} and {@link #steps()}. */
    public void restore(Map<String, float[]> state, Map<String, NDArray> parameters, long steps) {
        if (steps == 0 && state.isEmpty()) {
            return; // saved before its first step (a policy round without signal): nothing to restore
        }
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            float[] m = state.get("m." + entry.getKey());
            float[] v = state.get("v." + entry.getKey());
            if (m == null || v == null) {
                throw new IllegalArgumentException("optimizer state has no moments for " + entry.getKey());
            }
            NDArray parameter = entry.getValue();
            firstMoments.put(entry.getKey(), persistent(manager.create(m, parameter.getShape()).toType(parameter.getDataType(), false)));
            secondMoments.put(entry.getKey(), persistent(manager.create(v, parameter.getShape()).toType(parameter.getDataType(), false)));
        }
        this.steps = steps;
    }

    @Override
    public void close() {
        manager.close();
    }
}
