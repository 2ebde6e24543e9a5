// Mistake: the losses use log10 instead of the natural logarithm.
// Diagnóstico: se usó log10 en lugar del logaritmo natural: la pérdida sale dividida entre ln 10 = 2.303
// Diagnosis: log10 was used instead of the natural log: the loss comes out divided by ln 10 = 2.303
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "neurona/losses.hpp"  // neurona::kEpsilon = 1e-7
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::kEpsilon;
using neurona::Matrix;
using neurona::Scalar;

namespace {

Scalar clip(Scalar p) { return std::clamp(p, kEpsilon, 1 - kEpsilon); }

// The class number in row r of y, checked: an integer in [0, classes) (classes = 0: any >= 0).
std::size_t label_at(const Matrix& y, std::size_t r, std::size_t classes, const char* op) {
    const Scalar v = y(r, 0);
    if (!(v >= 0 && std::floor(v) == v && (classes == 0 || v < static_cast<Scalar>(classes))))
        throw std::invalid_argument(std::string(op) + ": label " + std::to_string(v) + " in row " +
                                    std::to_string(r) + " is not a class number 0.." +
                                    (classes ? std::to_string(classes - 1) : std::string("")));
    return static_cast<std::size_t>(v);
}

void check_labels_for(const Matrix& y, const Matrix& P, const char* op) {
    if (y.cols() != 1 || y.rows() != P.rows())
        neurona::throw_shape_error(std::string(op) + ": y must be (batch, 1) class numbers for P (batch, classes)",
                                   y, P);
}

}  // namespace

/// keras.utils.to_categorical: row r is all 0 except a 1 in column y(r): class 0 is column 0.
/// num_classes = 0 means max(y) + 1.
Matrix to_categorical(const Matrix& y, std::size_t num_classes) {
    if (y.cols() != 1) throw std::invalid_argument("to_categorical: y must be (n, 1) labels, got " + y.shape());
    std::size_t largest = 0;
    for (std::size_t r = 0; r < y.rows(); ++r)
        largest = std::max(largest, label_at(y, r, num_classes, "to_categorical"));
    const std::size_t classes = num_classes ? num_classes : largest + 1;
    Matrix Y(y.rows(), classes);
    for (std::size_t r = 0; r < y.rows(); ++r) Y.at(r, static_cast<std::size_t>(y(r, 0))) = 1;
    return Y;
}

/// L = -(1/batch) sum_rows sum_j Y_j ln(clip(P_j)), clip to [1e-7, 1 - 1e-7] as Keras.
/// Every term but the true class's is multiplied by 0: L is the mean of -ln p_true.
Scalar categorical_crossentropy(const Matrix& Y, const Matrix& P) {
    if (!Y.same_shape(P)) neurona::throw_shape_error("categorical_crossentropy: Y and P", Y, P);
    double sum = 0;
    // The mistake: log10.
    for (std::size_t i = 0; i < P.size(); ++i) sum += Y.data()[i] * std::log10(double(clip(P.data()[i])));
    return static_cast<Scalar>(-sum / static_cast<double>(P.rows()));
}

/// dL/dP_j = -Y_j / P_j / batch inside the clip; 0 where P was clipped (clip(P) is constant there).
Matrix categorical_crossentropy_gradient(const Matrix& Y, const Matrix& P) {
    if (!Y.same_shape(P)) neurona::throw_shape_error("categorical_crossentropy_gradient: Y and P", Y, P);
    const Scalar batch = static_cast<Scalar>(P.rows());
    Matrix dP(P.rows(), P.cols());
    for (std::size_t i = 0; i < P.size(); ++i) {
        const Scalar p = P.data()[i];
        dP.data()[i] = p == clip(p) ? -Y.data()[i] / p / batch : 0;
    }
    return dP;
}

/// The same loss with class numbers: look the true class's probability up instead of
/// multiplying by a one-hot row. L = -(1/batch) sum_rows ln(clip(P(r, y_r))).
Scalar sparse_categorical_crossentropy(const Matrix& y, const Matrix& P) {
    check_labels_for(y, P, "sparse_categorical_crossentropy");
    double sum = 0;
    for (std::size_t r = 0; r < P.rows(); ++r)
        sum += std::log10(double(clip(P(r, label_at(y, r, P.cols(), "sparse_categorical_crossentropy")))));
    return static_cast<Scalar>(-sum / static_cast<double>(P.rows()));
}

/// Only column y_r of each row depends on the loss: -1 / P(r, y_r) / batch there (0 if clipped),
/// 0 in every other column. The same matrix as the categorical gradient with one-hot Y.
Matrix sparse_categorical_crossentropy_gradient(const Matrix& y, const Matrix& P) {
    check_labels_for(y, P, "sparse_categorical_crossentropy_gradient");
    const Scalar batch = static_cast<Scalar>(P.rows());
    Matrix dP(P.rows(), P.cols());
    for (std::size_t r = 0; r < P.rows(); ++r) {
        const std::size_t c = label_at(y, r, P.cols(), "sparse_categorical_crossentropy_gradient");
        const Scalar p = P(r, c);
        dP(r, c) = p == clip(p) ? -1 / p / batch : 0;
    }
    return dP;
}

}  // namespace exercise
