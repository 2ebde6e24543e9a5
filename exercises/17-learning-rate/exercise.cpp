// Exercise 17: gradient descent on f(x) = x^2 and the learning rate. See README.md;
// run `make exercise N=17`.
#include <stdexcept>
#include <vector>

namespace exercise {

/// The derivative of chapter 1.10's bowl f(x) = x^2.
double f_prime(double x) {
    return 0;  // TODO
}

/// One step of gradient descent from x with learning rate lr, where grad is the derivative of
/// the function being minimised: returns the next x.
double gradient_step(double x, double lr, double (*grad)(double)) {
    return 0;  // TODO
}

/// `steps` steps of gradient descent from x0: returns the whole path x_0 = x0, x_1, ..., x_steps
/// (steps + 1 values).
std::vector<double> descend(double x0, double lr, int steps, double (*grad)(double)) {
    return {};  // TODO
}

/// For the bowl f(x) = c x^2 (c > 0): the learning rate at which gradient descent stops
/// converging. Every lr below it converges to 0 from any start; at it and above, it does not.
double largest_stable_lr(double c) {
    return 0;  // TODO
}

}  // namespace exercise
