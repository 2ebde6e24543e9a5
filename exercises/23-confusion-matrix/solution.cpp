// Exercise 23, the reference solution.
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

/// The predicted class of each row: the column of its largest probability. On a tie the first
/// (lowest) column wins, as NumPy's argmax and neurona's Matrix::argmax decide.
std::vector<std::size_t> predicted_classes(const Matrix& probabilities) {
    std::vector<std::size_t> predicted(probabilities.rows(), 0);
    for (std::size_t r = 0; r < probabilities.rows(); ++r)
        for (std::size_t c = 1; c < probabilities.cols(); ++c)
            if (probabilities(r, c) > probabilities(r, predicted[r])) predicted[r] = c;  // > keeps the first
    return predicted;
}

/// counts[t][p] = how many samples of true class t were predicted as class p (scikit-learn's
/// confusion_matrix: rows are the truth, columns the prediction). k = probabilities.cols().
/// The diagonal holds the right answers; row t sums to the number of samples of class t,
/// column p to the number of samples predicted as p.
Counts confusion_matrix(const Matrix& y, const Matrix& probabilities) {
    const std::size_t k = probabilities.cols();
    if (y.cols() != 1 || y.rows() != probabilities.rows())
        neurona::throw_shape_error("confusion_matrix: y must be (n, 1) labels for probabilities (n, classes)", y,
                                   probabilities);
    Counts counts(k, std::vector<std::size_t>(k, 0));
    const std::vector<std::size_t> predicted = predicted_classes(probabilities);
    for (std::size_t i = 0; i < y.rows(); ++i) {
        const Scalar label = y(i, 0);
        if (!(label >= 0 && label < static_cast<Scalar>(k) && std::floor(label) == label))
            throw std::invalid_argument("confusion_matrix: label " + std::to_string(label) + " in row " +
                                        std::to_string(i) + " is not a class 0.." + std::to_string(k - 1));
        ++counts[static_cast<std::size_t>(label)][predicted[i]];
    }
    return counts;
}

/// Recall of class c: of the samples that ARE class c (row c), the fraction predicted as c:
/// counts[c][c] / sum of row c. It is chapter 3.6's "accuracy per class". 0 for a class
/// without samples (scikit-learn's zero_division default).
std::vector<double> recall(const Counts& counts) {
    std::vector<double> result(counts.size(), 0);
    for (std::size_t c = 0; c < counts.size(); ++c) {
        std::size_t row = 0;
        for (std::size_t p = 0; p < counts.size(); ++p) row += counts[c][p];
        if (row > 0) result[c] = double(counts[c][c]) / double(row);
    }
    return result;
}

/// Precision of class c: of the samples PREDICTED as c (column c), the fraction that are c:
/// counts[c][c] / sum of column c. 0 for a class never predicted.
std::vector<double> precision(const Counts& counts) {
    std::vector<double> result(counts.size(), 0);
    for (std::size_t c = 0; c < counts.size(); ++c) {
        std::size_t column = 0;
        for (std::size_t t = 0; t < counts.size(); ++t) column += counts[t][c];
        if (column > 0) result[c] = double(counts[c][c]) / double(column);
    }
    return result;
}

/// Accuracy: the right answers (the diagonal) over all the samples (every cell).
double accuracy(const Counts& counts) {
    std::size_t right = 0, total = 0;
    for (std::size_t t = 0; t < counts.size(); ++t)
        for (std::size_t p = 0; p < counts[t].size(); ++p) {
            total += counts[t][p];
            if (t == p) right += counts[t][p];
        }
    if (total == 0) throw std::invalid_argument("accuracy: the confusion matrix counts no samples");
    return double(right) / double(total);
}

}  // namespace exercise
