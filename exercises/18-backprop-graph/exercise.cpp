// Exercise 18: backpropagation by hand on the graph J = 3(a + bc). See README.md;
// run `make exercise N=18`.
#include <stdexcept>
#include <tuple>

namespace exercise {

/// The forward pass, left to right, keeping every value: u = b c, v = a + u, J = 3 v.
/// Returns {u, v, J}.
std::tuple<double, double, double> forward(double a, double b, double c) {
    return {0, 0, 0};  // TODO
}

/// The backward pass, right to left: each gradient is the one just computed times one local
/// derivative (dJ/dv, dv/du, dv/da, du/db, du/dc). Returns {dJ/dv, dJ/du, dJ/da, dJ/db, dJ/dc}.
std::tuple<double, double, double, double, double> backward(double a, double b, double c) {
    return {0, 0, 0, 0, 0};  // TODO
}

}  // namespace exercise
