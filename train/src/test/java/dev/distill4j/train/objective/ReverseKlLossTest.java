package dev.distill4j.train.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class ReverseKlLossTest {
    @Test
    void should_give_zero_loss_and_zero_gradient_to_a_student_that_matches_the_teacher() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            double[] values = {-0.2, -1.7, -3.1, -0.05};
            NDArray student = manager.create(values, new Shape(2, 2));
            student.setRequiresGradient(true);
            NDArray mask = manager.create(new double[] {1, 1, 1, 0}, new Shape(2, 2));
            ReverseKlLoss.Result result;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                result = ReverseKlLoss.of(student, manager.create(values, new Shape(2, 2)), mask);
                collector.backward(result.loss());
            }
            assertThat(result.loss().getDouble()).isZero();
            assertThat(result.meanReverseKl()).isZero();
            assertThat(result.tokens()).isEqualTo(3);
            assertThat(student.getGradient().toDoubleArray()).containsExactly(new double[] {0, 0, 0, 0}, within(0.0)); // -0.0 is fine
        }
    }

    @Test
    void should_take_the_values_and_gradient_worked_out_by_hand() {
        // student logprobs (-1, -2), teacher (-0.5, -3), and a padding slot whose teacher logprob is NaN.
        // A = teacher - student = (0.5, -1); loss = -(0.5 * -1 + -1 * -2) / 2 = -0.75.
        // mean reverse KL = ((-1 + 0.5) + (-2 + 3)) / 2 = 0.25.
        // With A held fixed, d loss / d student = -A / 2 = (-0.25, 0.5), and 0 on the padding.
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray student = manager.create(new double[] {-1, -2, -0.4}, new Shape(1, 3));
            student.setRequiresGradient(true);
            NDArray teacher = manager.create(new double[] {-0.5, -3, Double.NaN}, new Shape(1, 3));
            NDArray mask = manager.create(new double[] {1, 1, 0}, new Shape(1, 3));
            ReverseKlLoss.Result result;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                result = ReverseKlLoss.of(student, teacher, mask);
                collector.backward(result.loss());
            }
            assertThat(result.loss().getDouble()).isCloseTo(-0.75, within(1e-15));
            assertThat(result.meanReverseKl()).isCloseTo(0.25, within(1e-15));
            assertThat(student.getGradient().toDoubleArray()).containsExactly(new double[] {-0.25, 0.5, 0}, within(1e-15));
        }
    }

    @Test
    void should_pass_no_gradient_through_the_advantage() {
        double[] studentValues = {-0.3, -1.4, -2.2, -0.9, -0.6, -1.1};
        double[] teacherValues = {-0.8, -0.2, -2.9, -0.4, -1.5, -1.0};
        double[] maskValues = {1, 1, 1, 1, 1, 0};
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray student = manager.create(studentValues, new Shape(2, 3));
            student.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                collector.backward(ReverseKlLoss.of(student, manager.create(teacherValues, new Shape(2, 3)),
                        manager.create(maskValues, new Shape(2, 3))).loss());
            }
            double[] gradient = student.getGradient().toDoubleArray();
            double[] fixed = new double[6]; // the advantages at the unperturbed point, held fixed below
            for (int i = 0; i < 6; i++) {
                fixed[i] = teacherValues[i] - studentValues[i];
            }
            double h = 1e-6;
            for (int i = 0; i < 6; i++) {
                double[] plus = studentValues.clone();
                double[] minus = studentValues.clone();
                plus[i] += h;
                minus[i] -= h;
                double heldFixed = (surrogate(plus, fixed, maskValues) - surrogate(minus, fixed, maskValues)) / (2 * h);
                double[] movingPlus = new double[6];
                double[] movingMinus = new double[6];
                for (int j = 0; j < 6; j++) {
                    movingPlus[j] = teacherValues[j] - plus[j];
                    movingMinus[j] = teacherValues[j] - minus[j];
                }
                // The same expression with the advantage differentiated too: -(t - 2 s) / n instead of -(t - s) / n.
                double moving = (surrogate(plus, movingPlus, maskValues) - surrogate(minus, movingMinus, maskValues)) / (2 * h);
                assertThat(gradient[i]).as("token %d", i).isCloseTo(heldFixed, within(1e-9));
                if (maskValues[i] == 1) {
                    assertThat(Math.abs(gradient[i] - moving)).as("token %d differs from the undetached gradient", i).isGreaterThan(1e-3);
                }
            }
        }
    }

    /** -(sum over masked tokens of A * s) / tokens, in plain Java. */
    private static double surrogate(double[] student, double[] advantage, double[] mask) {
        double sum = 0;
        double tokens = 0;
        for (int i = 0; i < student.length; i++) {
            sum += mask[i] * advantage[i] * student[i];
            tokens += mask[i];
        }
        return -sum / tokens;
    }
}
