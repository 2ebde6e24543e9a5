#include "neurona/data/preprocessing.hpp"
#include "neurona/names.hpp"

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace neurona {

namespace {

// A label as Python prints it ("2", "1.5", "-1"; "NaN"), for error messages.
std::string format_value(Scalar v) { return number_text(v); }

void check_same_rows(const char* op, const Matrix& X, const Matrix& y) {
    if (X.rows() != y.rows())
        throw_shape_error(op, X, y, " (X and y need the same number of rows)");
}

// Row indices [begin, end) of a permutation (or of 0, 1, ... when not shuffling).
std::vector<std::size_t> part(const std::vector<std::size_t>& order, std::size_t begin,
                              std::size_t end) {
    return std::vector<std::size_t>(order.begin() + static_cast<std::ptrdiff_t>(begin),
                                    order.begin() + static_cast<std::ptrdiff_t>(end));
}

}  // namespace

Split train_test_split(const Matrix& X, const Matrix& y, double test_size,
                       std::optional<std::uint64_t> seed, bool shuffle) {
    check_same_rows("train_test_split", X, y);
    if (!(test_size > 0 && test_size < 1))
        throw std::invalid_argument("train_test_split: test_size must be a fraction in (0, 1), got " +
                                    std::to_string(test_size));
    const std::size_t n = X.rows();
    // sklearn rounds the test part up and gives the rest to training.
    const auto n_test = static_cast<std::size_t>(std::ceil(test_size * static_cast<double>(n)));
    const std::size_t n_train = n - n_test;
    if (n_train == 0 || n_test == 0)
        throw std::invalid_argument("train_test_split: with " + std::to_string(n) +
                                    " samples and test_size " + std::to_string(test_size) +
                                    " the training part would have " + std::to_string(n_train) +
                                    " and the test part " + std::to_string(n_test) +
                                    " samples; both need at least one");

    std::vector<std::size_t> train, test;
    if (shuffle) {
        // ShuffleSplit: the permutation's head is the test set, the remainder the training set.
        Rng rng = rng_for(seed);
        const std::vector<std::size_t> perm = rng.permutation(n);
        test = part(perm, 0, n_test);
        train = part(perm, n_test, n);
    } else {
        std::vector<std::size_t> order(n);
        std::iota(order.begin(), order.end(), std::size_t{0});
        train = part(order, 0, n_train);
        test = part(order, n_train, n);
    }
    return Split{X.gather_rows(train), X.gather_rows(test), y.gather_rows(train),
                 y.gather_rows(test)};
}

StandardScaler& StandardScaler::fit(const Matrix& X) {
    if (X.rows() == 0)
        throw std::invalid_argument("StandardScaler::fit: X " + X.shape() + " has no samples");
    const std::size_t n = X.rows(), cols = X.cols();
    const double nd = static_cast<double>(n);
    Matrix mean(1, cols), scale(1, cols);
    for (std::size_t c = 0; c < cols; ++c) {
        // Two passes in double: the mean first, then the mean squared deviation, which
        // avoids the cancellation of E[x^2] - E[x]^2.
        double sum = 0;
        for (std::size_t r = 0; r < n; ++r) sum += X(r, c);
        const double mu = sum / nd;
        double sq = 0;
        for (std::size_t r = 0; r < n; ++r) {
            const double d = X(r, c) - mu;
            sq += d * d;
        }
        const double var = sq / nd;  // ddof = 0, the population variance, as sklearn
        // A constant column still shows a tiny variance from the rounding of its mean;
        // sklearn's bound on that rounding decides that it is constant, and such a column
        // gets scale 1 so that transform maps it to 0 rather than dividing by ~0.
        const double eps = std::numeric_limits<double>::epsilon();
        const double rounding = nd * eps * var + (nd * mu * eps) * (nd * mu * eps);
        mean(0, c) = static_cast<Scalar>(mu);
        scale(0, c) = var <= rounding ? Scalar{1} : static_cast<Scalar>(std::sqrt(var));
    }
    mean_ = std::move(mean);
    scale_ = std::move(scale);
    return *this;
}

void StandardScaler::check_input(const char* op, const Matrix& X) const {
    if (!fitted())
        throw std::logic_error(std::string(op) + ": this StandardScaler is not fitted yet; call fit first");
    if (X.cols() != mean_.cols())
        throw_shape_error(op, X, mean_,
                          " (X needs the " + std::to_string(mean_.cols()) +
                              " columns the scaler was fitted on)");
}

Matrix StandardScaler::transform(const Matrix& X) const {
    check_input("StandardScaler::transform", X);
    return (X - mean_) / scale_;  // (1, features) rows broadcast over the samples
}

Matrix StandardScaler::fit_transform(const Matrix& X) { return fit(X).transform(X); }

Matrix StandardScaler::inverse_transform(const Matrix& Z) const {
    check_input("StandardScaler::inverse_transform", Z);
    return Z * scale_ + mean_;
}

Matrix to_categorical(const Matrix& y, std::size_t num_classes) {
    if (y.cols() != 1)
        throw std::invalid_argument("to_categorical: y must be (n, 1) class labels, got shape " +
                                    y.shape());
    const std::size_t n = y.rows();
    std::size_t largest = 0;
    for (std::size_t r = 0; r < n; ++r) {
        const Scalar v = y(r, 0);
        // Above 2^53 a Scalar no longer tells neighbouring integers apart (and a cast of
        // an infinity or NaN to an integer is undefined), so such labels are rejected too.
        if (!(v >= 0 && v < 0x1p53) || std::floor(v) != v)
            throw std::invalid_argument("to_categorical: label " + format_value(v) + " in row " +
                                        std::to_string(r) +
                                        " is not a class index (an integer >= 0)");
        const auto label = static_cast<std::size_t>(v);
        if (num_classes != 0 && label >= num_classes)
            throw std::invalid_argument("to_categorical: label " + format_value(v) + " in row " +
                                        std::to_string(r) + " is out of range for " +
                                        std::to_string(num_classes) + " classes (0.." +
                                        std::to_string(num_classes - 1) + ")");
        largest = std::max(largest, label);
    }
    if (num_classes == 0) {
        if (n == 0)
            throw std::invalid_argument("to_categorical: y is empty, so num_classes must be given");
        num_classes = largest + 1;  // Keras: num_classes = max(y) + 1
    }
    Matrix one_hot(n, num_classes);
    for (std::size_t r = 0; r < n; ++r) one_hot(r, static_cast<std::size_t>(y(r, 0))) = 1;
    return one_hot;
}

Dataset shuffle(const Matrix& X, const Matrix& y, Rng& rng) {
    check_same_rows("shuffle", X, y);
    const std::vector<std::size_t> perm = rng.permutation(X.rows());
    return Dataset{X.gather_rows(perm), y.gather_rows(perm)};
}

Scalar accuracy_score(const Matrix& y_true, const Matrix& y_pred) {
    if (!y_true.same_shape(y_pred))
        throw_shape_error("accuracy_score", y_true, y_pred, " (y_true and y_pred need the same shape)");
    if (y_true.empty())
        throw std::invalid_argument("accuracy_score: y_true " + y_true.shape() + " is empty");
    std::size_t correct = 0;
    for (std::size_t r = 0; r < y_true.rows(); ++r) {
        bool all = true;
        for (std::size_t c = 0; c < y_true.cols(); ++c) all = all && y_true(r, c) == y_pred(r, c);
        correct += all;
    }
    return static_cast<Scalar>(static_cast<double>(correct) / static_cast<double>(y_true.rows()));
}

}  // namespace neurona
