/// @file optimizers.hpp
/// Gradient-descent optimizers with Keras's defaults. An optimizer sees only a list of
/// (parameter, gradient) pairs; it keeps one slot of state per parameter, in list order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "neurona/param.hpp"

namespace neurona {

/// The interface: one update step over every parameter of a model.
class Optimizer {
public:
    virtual ~Optimizer() = default;
    /// Keras's name, the one get_optimizer() takes: "sgd", "rmsprop", "adam", ...
    virtual std::string name() const = 0;
    /// Applies one step: each p.value moves using p.grad (same shapes). The list must be
    /// the same parameters, in the same order, at every call (state is kept per position);
    /// a different count or shape throws std::invalid_argument.
    virtual void update(const std::vector<Param>& params) = 0;
    /// A fresh copy with the same settings and no state (compile() takes one).
    virtual std::unique_ptr<Optimizer> clone() const = 0;

    /// lr, the step size; may be changed between steps (the tuner sets it).
    double learning_rate;

    /// Throws std::invalid_argument("<name>: <setting> must be in [low, high), got <value>")
    /// unless low <= value < high (high_inclusive: value <= high): every decay rate and
    /// epsilon is checked where it is given.
    static void require_range(const char* name, const char* setting, double value, double low,
                              double high, bool high_inclusive = false);

protected:
    /// Sets learning_rate; for subclasses. Throws std::invalid_argument naming the optimizer
    /// when lr is negative or not finite.
    Optimizer(const char* name, double lr);
    /// Makes `slots` hold one zero matrix per parameter on the first call, and checks
    /// that later calls pass the same shapes.
    void ensure_slots(std::vector<Matrix>& slots, const std::vector<Param>& params) const;
};

/// Stochastic gradient descent. Without momentum: w = w - lr * g.
/// With momentum (Keras): v = momentum * v - lr * g; w = w + v.
/// Nesterov (Keras): v as above; w = w + momentum * v - lr * g.
class SGD : public Optimizer {
public:
    /// Keras's defaults: learning_rate 0.01, momentum 0, nesterov false.
    /// Throws std::invalid_argument for a negative momentum or learning rate.
    explicit SGD(double learning_rate = 0.01, double momentum = 0.0, bool nesterov = false);
    std::string name() const override { return "sgd"; }
    void update(const std::vector<Param>& params) override;
    std::unique_ptr<Optimizer> clone() const override { return std::make_unique<SGD>(learning_rate, momentum, nesterov); }

    double momentum;  ///< mu, the share of the last step kept in v (Keras: 0, plain SGD).
    bool nesterov;    ///< Whether to step with Nesterov's look-ahead (Keras: false).

private:
    std::vector<Matrix> velocity_;
};

/// RMSprop (Keras 3): s = rho * s + (1 - rho) * g^2; w = w - lr * g / sqrt(s + epsilon)
/// (epsilon inside the root, as Keras 3 writes it).
class RMSprop : public Optimizer {
public:
    /// Keras's defaults: learning_rate 0.001, rho 0.9, epsilon 1e-7.
    explicit RMSprop(double learning_rate = 0.001, double rho = 0.9, double epsilon = 1e-7);
    std::string name() const override { return "rmsprop"; }
    void update(const std::vector<Param>& params) override;
    std::unique_ptr<Optimizer> clone() const override { return std::make_unique<RMSprop>(learning_rate, rho, epsilon); }

    /// rho: the decay of the running mean of g^2 (Keras: 0.9); epsilon: added to sqrt(s)
    /// so the step stays finite (Keras: 1e-7).
    ///@{
    double rho, epsilon;
    ///@}

private:
    std::vector<Matrix> mean_square_;
};

/// Adam (Keras): m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; at step t,
/// w = w - lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon).
class Adam : public Optimizer {
public:
    /// Keras's defaults: learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
    explicit Adam(double learning_rate = 0.001, double beta_1 = 0.9, double beta_2 = 0.999,
                  double epsilon = 1e-7);
    std::string name() const override { return "adam"; }
    void update(const std::vector<Param>& params) override;
    std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Adam>(learning_rate, beta_1, beta_2, epsilon); }

    /// The decays of m (beta_1, Keras: 0.9) and of v (beta_2, Keras: 0.999); epsilon is
    /// added to sqrt(v) (Keras: 1e-7).
    ///@{
    double beta_1, beta_2, epsilon;
    ///@}

private:
    std::vector<Matrix> m_, v_;
    long long t_ = 0;
};

/// Adagrad (Keras): each weight's step shrinks with the sum of its squared gradients so far.
///   a = a + g^2;  w = w - lr * g / sqrt(a + epsilon),  a starting at initial_accumulator_value.
class Adagrad : public Optimizer {
public:
    /// Keras's defaults: learning_rate 0.001, initial_accumulator_value 0.1, epsilon 1e-7.
    /// Throws std::invalid_argument for a negative initial_accumulator_value.
    explicit Adagrad(double learning_rate = 0.001, double initial_accumulator_value = 0.1,
                     double epsilon = 1e-7);
    std::string name() const override { return "adagrad"; }
    void update(const std::vector<Param>& params) override;
    std::unique_ptr<Optimizer> clone() const override {
        return std::make_unique<Adagrad>(learning_rate, initial_accumulator_value, epsilon);
    }

    /// The starting value of every a (Keras: 0.1), and epsilon, added to a under the
    /// square root (Keras: 1e-7).
    ///@{
    double initial_accumulator_value, epsilon;
    ///@}

private:
    std::vector<Matrix> accumulator_;
};

/// Adadelta (Keras): the step is the ratio of two running RMS values, so it carries the
/// units of w (Zeiler, 2012); with rms(x) = sqrt(x + epsilon):
///   s = rho * s + (1 - rho) * g^2
///   delta = -rms(d) / rms(s) * g
///   d = rho * d + (1 - rho) * delta^2
///   w = w + lr * delta
class Adadelta : public Optimizer {
public:
    /// Keras's defaults: learning_rate 0.001, rho 0.95, epsilon 1e-7.
    explicit Adadelta(double learning_rate = 0.001, double rho = 0.95, double epsilon = 1e-7);
    std::string name() const override { return "adadelta"; }
    void update(const std::vector<Param>& params) override;
    std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Adadelta>(learning_rate, rho, epsilon); }

    /// rho: the decay of both running means, s and d (Keras: 0.95); epsilon: added inside
    /// rms() (Keras: 1e-7).
    ///@{
    double rho, epsilon;
    ///@}

private:
    std::vector<Matrix> accumulated_grad_, accumulated_delta_;
};

/// Adamax (Keras): Adam with the infinity norm in place of the second moment. At step t:
///   m = b1 m + (1 - b1) g;  u = max(b2 u, |g|);  w = w - lr / (1 - b1^t) * m / (u + epsilon).
class Adamax : public Optimizer {
public:
    /// Keras's defaults: learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
    explicit Adamax(double learning_rate = 0.001, double beta_1 = 0.9, double beta_2 = 0.999,
                    double epsilon = 1e-7);
    std::string name() const override { return "adamax"; }
    void update(const std::vector<Param>& params) override;
    std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Adamax>(learning_rate, beta_1, beta_2, epsilon); }

    /// The decays of m (beta_1, Keras: 0.9) and of u (beta_2, Keras: 0.999); epsilon is
    /// added to u (Keras: 1e-7).
    ///@{
    double beta_1, beta_2, epsilon;
    ///@}

private:
    std::vector<Matrix> m_, u_;
    long long t_ = 0;
};

/// Nadam (Keras): Adam with Nesterov momentum and Dozat's momentum schedule
/// mu_t = b1 (1 - 0.5 * 0.96^t). With P_t = mu_1 * ... * mu_t, at step t:
///   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
///   m_hat = mu_{t+1} m / (1 - P_t mu_{t+1}) + (1 - mu_t) g / (1 - P_t)
///   v_hat = v / (1 - b2^t)
///   w = w - lr * m_hat / (sqrt(v_hat) + epsilon)
class Nadam : public Optimizer {
public:
    /// Keras's defaults: learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
    explicit Nadam(double learning_rate = 0.001, double beta_1 = 0.9, double beta_2 = 0.999,
                   double epsilon = 1e-7);
    std::string name() const override { return "nadam"; }
    void update(const std::vector<Param>& params) override;
    std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Nadam>(learning_rate, beta_1, beta_2, epsilon); }

    /// beta_1: the decay of m and the scale of the schedule mu_t (Keras: 0.9); beta_2: the
    /// decay of v (Keras: 0.999); epsilon: added to sqrt(v_hat) (Keras: 1e-7).
    ///@{
    double beta_1, beta_2, epsilon;
    ///@}

private:
    std::vector<Matrix> m_, v_;
    long long t_ = 0;
    double u_product_ = 1.0;  // P_t, the product of the momentum schedule so far
};

/// The optimizer called `name` with Keras's defaults ("sgd", "rmsprop", "adam", "adagrad",
/// "adadelta", "adamax", "nadam").
/// Throws std::invalid_argument listing the known names when `name` is unknown.
std::unique_ptr<Optimizer> get_optimizer(const std::string& name);

/// The known optimizer names.
std::vector<std::string> optimizer_names();

}  // namespace neurona
