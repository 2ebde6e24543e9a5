// Exercise 16: a step neuron as a logic gate: AND, OR, and the search for XOR. See README.md;
// run `make exercise N=16`.
#include <array>
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// A neuron with two inputs: its weights and bias {w1, w2, b}.
using Neuron = std::array<Scalar, 3>;

/// The step activation of chapter 1.6: 1 if z > 0, else 0 (so step(0) = 0).
Scalar step(Scalar z) {
    return -1;  // TODO
}

/// The neuron's output for the input (x1, x2): step(z) with z = w1 x1 + w2 x2 + b.
Scalar neuron(const Neuron& n, Scalar x1, Scalar x2) {
    return -1;  // TODO
}

/// The neuron's truth table: its outputs for the inputs (0, 0), (0, 1), (1, 0), (1, 1), in this
/// order (the rows of chapter 1.6's X), as a (4, 1) column.
Matrix truth_table(const Neuron& n) {
    return Matrix();  // TODO
}

/// Weights and bias {w1, w2, b} of a neuron that computes AND: 1 only for (1, 1).
Neuron and_gate() {
    return {0, 0, 0};  // TODO
}

/// Weights and bias {w1, w2, b} of a neuron that computes OR: 1 when at least one input is 1.
Neuron or_gate() {
    return {0, 0, 0};  // TODO
}

/// Chapter 1.6's search: how many neurons with w1, w2 and b each on the grid -5, -4.75, ..., 5
/// (41 values, so 41^3 = 68921 neurons) have the truth table `wanted`, a (4, 1) column of 0 and 1
/// in truth_table's order. Throws std::invalid_argument when `wanted` is not (4, 1).
long count_neurons(const Matrix& wanted) {
    return -1;  // TODO
}

}  // namespace exercise
