// Mistake: step(0) = 1 (z >= 0 instead of z > 0).
// Diagnóstico: step(0) vale 1; el escalón del capítulo 1.6 da 0 para z <= 0 y 1 solo para z > 0
// Diagnosis: step(0) is 1; chapter 1.6's step gives 0 for z <= 0 and 1 only for z > 0
#include <array>
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

using Neuron = std::array<Scalar, 3>;

// The course's step: 0 for z <= 0, 1 for z > 0. At z = 0 exactly it answers 0.
Scalar step(Scalar z) { return z >= 0 ? 1 : 0; }  // The mistake: >= puts z = 0 on the side of 1

// A weighted sum plus the bias, then the activation: a = step(z), z = w1 x1 + w2 x2 + b.
Scalar neuron(const Neuron& n, Scalar x1, Scalar x2) {
    const auto [w1, w2, b] = n;
    return step(w1 * x1 + w2 * x2 + b);
}

// The four inputs in the order of the chapter's X: 00, 01, 10, 11.
Matrix truth_table(const Neuron& n) {
    return Matrix::column_vector({neuron(n, 0, 0), neuron(n, 0, 1), neuron(n, 1, 0), neuron(n, 1, 1)});
}

// AND with chapter 1.6's weights w = (2, 1): z is b, 1 + b, 2 + b and 3 + b for the four
// inputs. The three zeros need 2 + b <= 0 and the one needs 3 + b > 0, so b lies in (-3, -2].
// The course's -3 is the open end: z = 0 for (1, 1), and step(0) = 0. -2.5 is in the middle,
// every z at least 0.5 away from the threshold.
Neuron and_gate() { return {2, 1, -2.5f}; }

// OR with w = (1, 1): (0, 0) must give 0, so b <= 0; (0, 1) must give 1, so 1 + b > 0.
// b in (-1, 0]; -0.5 is in the middle.
Neuron or_gate() { return {1, 1, -0.5f}; }

// Every neuron of the grid (i, j, k) / 4 for i, j, k in -20..20, compared with `wanted` row by row.
long count_neurons(const Matrix& wanted) {
    if (wanted.rows() != 4 || wanted.cols() != 1)
        neurona::throw_shape_error("count_neurons", wanted, Matrix(4, 1), ": the wanted truth table is (4, 1)");
    long count = 0;
    for (int i = -20; i <= 20; ++i)
        for (int j = -20; j <= 20; ++j)
            for (int k = -20; k <= 20; ++k) {
                const Neuron n{i * 0.25f, j * 0.25f, k * 0.25f};
                if (truth_table(n).values() == wanted.values()) ++count;
            }
    return count;
}

}  // namespace exercise
