// Exercise 17, the reference solution.
#include <stdexcept>
#include <vector>

namespace exercise {

// f(x) = x^2, so f'(x) = 2x: the slope of the tangent at x.
double f_prime(double x) { return 2 * x; }

// Downhill is against the slope: x <- x - lr f'(x). Near the minimum the slope is small, so the
// step shrinks by itself.
double gradient_step(double x, double lr, double (*grad)(double)) { return x - lr * grad(x); }

// The path keeps x_0 and each x after a step, the slope always taken where we stand now.
std::vector<double> descend(double x0, double lr, int steps, double (*grad)(double)) {
    std::vector<double> path = {x0};
    double x = x0;
    for (int k = 0; k < steps; ++k) {
        x = gradient_step(x, lr, grad);
        path.push_back(x);
    }
    return path;
}

// On c x^2 one step is x - lr 2c x = (1 - 2c lr) x, so x_k = (1 - 2c lr)^k x_0. It shrinks
// to 0 when |1 - 2c lr| < 1, that is 0 < lr < 1/c; at lr = 1/c the factor is -1 and x bounces
// between x_0 and -x_0 forever. (lr = 1/(2c) gives the factor 0: the minimum in one step.)
double largest_stable_lr(double c) { return 1 / c; }

}  // namespace exercise
