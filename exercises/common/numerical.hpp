/// @file numerical.hpp
/// What the exercise tests use to check a gradient: central differences, in double.
///
/// A test writes the function it differentiates in double (the formula is the exercise's
/// specification, e.g. L(Z) = sum(softmax(Z) * R)), so the numerical reference is accurate to
/// about 1e-10, far below the float rounding of the learner's analytic gradient (about 1e-6
/// of the gradient's size). A correct float gradient then passes a tolerance of 1e-4 with room
/// to spare, and every usual mistake (a lost 1/n, g'(A) instead of g'(Z), a missing factor 2)
/// is off by 1e-2 or more. Each test file also shows its check rejecting such a mistake.
#pragma once

#include <cstddef>
#include <limits>
#include <vector>

#include "neurona/gradcheck.hpp"
#include "neurona/matrix.hpp"

namespace exercise_testing {

/// (f(z + h) - f(z - h)) / 2h for a function of one double.
template <class F>
double numerical_derivative(const F& f, double z, double h = 1e-5) {
    return (f(z + h) - f(z - h)) / (2 * h);
}

/// The matrix X as doubles, row-major.
inline std::vector<double> to_doubles(const neurona::Matrix& X) {
    return std::vector<double>(X.values().begin(), X.values().end());
}

/// dL/dX by central differences: L takes X's values as doubles (row-major, X's shape) and
/// returns a double. Each element in turn is moved by +h and -h; the result has X's shape.
template <class L>
neurona::Matrix numerical_gradient(const L& loss, const neurona::Matrix& X, double h = 1e-6) {
    std::vector<double> x = to_doubles(X);
    neurona::Matrix grad(X.rows(), X.cols());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double saved = x[i];
        x[i] = saved + h;
        const double plus = loss(x);
        x[i] = saved - h;
        const double minus = loss(x);
        x[i] = saved;
        grad.data()[i] = static_cast<neurona::Scalar>((plus - minus) / (2 * h));
    }
    return grad;
}

/// The largest difference between the analytic and the numerical gradient relative to the
/// gradient's size (neurona::max_relative_error, see gradcheck.hpp); infinity when the analytic
/// gradient has the wrong shape (an empty Matrix from an unfinished exercise, say).
inline double relative_error(const neurona::Matrix& analytic, const neurona::Matrix& numerical) {
    if (!analytic.same_shape(numerical)) return std::numeric_limits<double>::infinity();
    return neurona::max_relative_error(analytic, numerical);
}

}  // namespace exercise_testing
