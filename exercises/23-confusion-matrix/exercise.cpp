// Exercise 23: the confusion matrix, recall, precision and accuracy. See README.md; run
// `make exercise N=23`.
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;
using Counts = std::vector<std::vector<std::size_t>>;  // counts[true class][predicted class]

/// For probabilities (n, classes): the column of each row's largest value, the first one on a tie.
std::vector<std::size_t> predicted_classes(const Matrix& probabilities) {
    return {};  // TODO
}

/// The (classes x classes) confusion matrix: counts[t][p] = how many samples of true class t
/// (y, (n, 1) labels) were predicted as class p (the argmax of their row of probabilities).
/// Throws std::invalid_argument when y is not (n, 1) with probabilities' n, or holds a label
/// that is not a class 0 .. classes-1.
Counts confusion_matrix(const Matrix& y, const Matrix& probabilities) {
    return {};  // TODO
}

/// Per class c: counts[c][c] / (sum of row c); 0 for a class with no samples.
std::vector<double> recall(const Counts& counts) {
    return {};  // TODO
}

/// Per class c: counts[c][c] / (sum of column c); 0 for a class never predicted.
std::vector<double> precision(const Counts& counts) {
    return {};  // TODO
}

/// The fraction of all samples on the diagonal. Throws std::invalid_argument when there are none.
double accuracy(const Counts& counts) {
    return 0;  // TODO
}

}  // namespace exercise
