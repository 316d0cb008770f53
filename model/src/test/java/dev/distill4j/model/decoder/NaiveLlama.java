package dev.distill4j.model.decoder;

import dev.distill4j.model.ModelConfig;
import java.util.Map;

/**
 * A Llama forward pass in plain Java loops, written from the architecture's equations and nothing else:
 * the independent reference the DJL decoder is checked against. One sequence, no batching, no cache.
 */
final class NaiveLlama {
    private final ModelConfig c;
    private final Map<String, float[]> w;

    NaiveLlama(ModelConfig config, Map<String, float[]> weights) {
        this.c = config;
        this.w = weights;
    }

    /** Logits [position][vocab] for a sequence of token ids. */
    double[][] logits(int[] tokens) {
        int t = tokens.length;
        int d = c.hiddenSize();
        double[][] x = new double[t][d];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = w.get("model.embed_tokens.weight")[tokens[i] * d + j];
            }
        }
        for (int layer = 0; layer < c.numHiddenLayers(); layer++) {
            String p = "model.layers." + layer + ".";
            double[][] h = norm(x, p + "input_layernorm.weight");
            double[][] a = attention(h, p);
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] += a[i][j];
                }
            }
            h = norm(x, p + "post_attention_layernorm.weight");
            double[][] gate = linear(h, p + "mlp.gate_proj.weight", null, c.intermediateSize());
            double[][] up = linear(h, p + "mlp.up_proj.weight", null, c.intermediateSize());
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < c.intermediateSize(); j++) {
                    double g = gate[i][j];
                    gate[i][j] = g / (1 + Math.exp(-g)) * up[i][j];
                }
            }
            double[][] down = linear(gate, p + "mlp.down_proj.weight", null, d);
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] += down[i][j];
                }
            }
        }
        double[][] h = norm(x, "model.norm.weight");
        String head = c.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
        return linear(h, head, null, c.vocabSize());
    }

    private double[][] attention(double[][] h, String p) {
        int t = h.length;
        int heads = c.numAttentionHeads();
        int kvHeads = c.numKeyValueHeads();
        int hd = c.headDim();
        double[][] q = linear(h, p + "self_attn.q_proj.weight", bias(p + "self_attn.q_proj.bias"), heads * hd);
        double[][] k = linear(h, p + "self_attn.k_proj.weight", bias(p + "self_attn.k_proj.bias"), kvHeads * hd);
        double[][] v = linear(h, p + "self_attn.v_proj.weight", bias(p + "self_attn.v_proj.bias"), kvHeads * hd);
        for (int i = 0; i < t; i++) {
            for (int head = 0; head < heads; head++) {
                rotate(q[i], head * hd, i);
            }
            for (int head = 0; head < kvHeads; head++) {
                rotate(k[i], head * hd, i);
            }
        }
        double[][] out = new double[t][heads * hd];
        int group = heads / kvHeads;
        for (int head = 0; head < heads; head++) {
            int kvHead = head / group;
            for (int i = 0; i < t; i++) {
                double[] scores = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int e = 0; e < hd; e++) {
                        s += q[i][head * hd + e] * k[j][kvHead * hd + e];
                    }
                    scores[j] = s / Math.sqrt(hd);
                    max = Math.max(max, scores[j]);
                }
                double total = 0;
                for (int j = 0; j <= i; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    total += scores[j];
                }
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < hd; e++) {
                        out[i][head * hd + e] += scores[j] / total * v[j][kvHead * hd + e];
                    }
                }
            }
        }
        return linear(out, p + "self_attn.o_proj.weight", bias(p + "self_attn.o_proj.bias"), c.hiddenSize());
    }

    /** Rotary embedding on one head's slice, pairing element e with e + hd/2 (the HF "rotate_half" layout). */
    private void rotate(double[] vector, int offset, int position) {
        int hd = c.headDim();
        int half = hd / 2;
        for (int e = 0; e < half; e++) {
            double angle = position * Math.pow(c.ropeTheta(), -2.0 * e / hd);
            double a = vector[offset + e];
            double b = vector[offset + e + half];
            vector[offset + e] = a * Math.cos(angle) - b * Math.sin(angle);
            vector[offset + e + half] = b * Math.cos(angle) + a * Math.sin(angle);
        }
    }

    private double[][] norm(double[][] x, String name) {
        double[] weight = toDouble(w.get(name));
        double[][] out = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            double mean = 0;
            for (double value : x[i]) {
                mean += value * value;
            }
            mean /= x[i].length;
            double scale = 1 / Math.sqrt(mean + c.rmsNormEps());
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j] * scale * weight[j];
            }
        }
        return out;
    }

    /** y = x W^T + b with W stored (out, in) row-major, as HF stores linear weights. */
    private double[][] linear(double[][] x, String name, float[] bias, int outFeatures) {
        float[] weight = w.get(name);
        int in = x[0].length;
        double[][] y = new double[x.length][outFeatures];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < outFeatures; o++) {
                double s = bias == null ? 0 : bias[o];
                for (int e = 0; e < in; e++) {
                    s += x[i][e] * weight[o * in + e];
                }
                y[i][o] = s;
            }
        }
        return y;
    }

    private float[] bias(String name) {
        return w.get(name);
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
