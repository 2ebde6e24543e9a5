/// @file tuner.hpp
/// Hyper-parameter search, as Keras Tuner does it: build a model per set of
/// hyper-parameters, train it, score it on validation data, rank the trials.
///
///     SearchSpace space{.hidden_layers = {1, 2, 3}, .units = {16, 50},
///                       .learning_rates = {1e-2, 1e-3}, .optimizers = {"adam", "sgd"}};
///     RandomSearch tuner(mlp_builder({.inputs = 13, .outputs = 1, .loss = "mse"}), space,
///                        "val_loss", 10, 42);
///     tuner.search(X_train, y_train, {.epochs = 20, .verbose = 0,
///                                     .validation_data = {{X_val, y_val}}});
///     tuner.results_summary();
///     Sequential& best = tuner.best_model();
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "neurona/model.hpp"

namespace neurona {

/// One point of the search space: the hyper-parameters of one trial.
struct HyperParameters {
    std::size_t hidden_layers = 1;   ///< Number of hidden Dense layers (0: none).
    std::size_t units = 32;          ///< Units of every hidden layer.
    double learning_rate = 1e-3;     ///< The optimizer's learning rate.
    std::string optimizer = "adam";  ///< A name from get_optimizer.

    /// Equal when every field is.
    bool operator==(const HyperParameters&) const = default;
    /// "hidden_layers=2 units=32 learning_rate=0.001 optimizer=adam".
    std::string to_string() const;
};

/// The choices for each hyper-parameter (Keras Tuner's hp.Choice); the space is their
/// product.
struct SearchSpace {
    std::vector<std::size_t> hidden_layers = {1, 2};     ///< Choices of hidden layer count.
    std::vector<std::size_t> units = {32, 64};           ///< Choices of units per hidden layer.
    std::vector<double> learning_rates = {1e-2, 1e-3};   ///< Choices of learning rate (> 0).
    std::vector<std::string> optimizers = {"adam"};      ///< Choices of optimizer name.

    /// The number of combinations (the product of the choice counts).
    std::size_t size() const;
    /// Every combination once, optimizers varying fastest, then learning rates, units,
    /// hidden layers. Throws std::invalid_argument when a list is empty, an optimizer name
    /// is unknown (listing the known ones), or a learning rate is not > 0.
    std::vector<HyperParameters> combinations() const;
};

/// Builds and compiles a fresh model for one set of hyper-parameters (Keras Tuner's
/// build_model(hp)).
using ModelBuilder = std::function<Sequential(const HyperParameters&)>;

/// What mlp_builder builds: inputs -> hidden_layers x Dense(units, hidden_activation)
/// -> Dense(outputs, output_activation), compiled with `loss`, `metrics` and the trial's
/// optimizer at the trial's learning rate.
struct MlpSpec {
    std::size_t inputs = 1;                    ///< Features per sample (the input shape).
    std::size_t outputs = 1;                   ///< Units of the output layer.
    std::string output_activation = "linear";  ///< The output layer's activation.
    std::string hidden_activation = "relu";    ///< Every hidden layer's activation.
    std::string loss = "mse";                  ///< The loss name given to compile.
    std::vector<std::string> metrics = {};     ///< The metric names given to compile.
};

/// The standard multi-layer perceptron builder for `spec`. The model it returns throws as
/// Dense and compile do (unknown names list the known ones).
ModelBuilder mlp_builder(MlpSpec spec);

/// One trained and scored trial.
struct Trial {
    std::size_t id;  ///< 0, 1, ... in the order the trials ran
    HyperParameters hyperparameters;  ///< What the trial's model was built with.
    /// The best value of the objective over the trial's epochs (as Keras Tuner scores a
    /// trial); NaN when its loss became NaN and TerminateOnNaN stopped it.
    double score;
    History history;  ///< What fit returned: every logged value per epoch.
};

/// The search itself; GridSearch and RandomSearch choose which hyper-parameters to try.
class Tuner {
public:
    virtual ~Tuner() = default;

    /// Trains one model per candidate on (X, y) with `options` (Keras Tuner passes search's
    /// arguments to fit), scoring each by the objective in its History: give
    /// validation_data or validation_split for a val_* objective. A trial's score is its best
    /// epoch's, and its model ends with that epoch's weights. Every trial starts from the
    /// same random state (drawn once from global_rng()), so scores do not depend on the
    /// order of the trials. Keeps the best trained model. A trial whose loss turns NaN is
    /// stopped (a TerminateOnNaN is added) and ranked last. With options.verbose > 0
    /// prints a line per trial.
    /// Throws std::invalid_argument when the objective is not in the History (listing its
    /// keys), and whatever the builder or fit throws for bad data.
    void search(const Matrix& X, const Matrix& y, const FitOptions& options = {});

    /// The trials, best first (ties and NaN scores keep the order they ran in, NaN last).
    std::vector<Trial> results() const;
    /// The best trial; throws std::logic_error before search.
    const Trial& best_trial() const;
    /// The best trial's hyper-parameters (Keras Tuner's get_best_hyperparameters()[0]).
    const HyperParameters& best_hyperparameters() const { return best_trial().hyperparameters; }
    /// The best trial's trained model (get_best_models()[0]); throws std::logic_error before search.
    Sequential& best_model();

    /// Keras Tuner's results_summary as a table: rank, trial, each hyper-parameter, score,
    /// for the num_trials best trials.
    void results_summary(std::ostream& out, std::size_t num_trials = 10) const;
    /// The summary on std::cout.
    void results_summary(std::size_t num_trials = 10) const;

    /// The History key that scores the trials, e.g. "val_loss".
    const std::string& objective() const { return objective_; }
    /// True for objectives where higher is better (accuracies), as Keras Tuner infers.
    bool maximize() const { return maximize_; }

protected:
    /// `objective`: a History key such as "val_loss" (minimized) or "val_accuracy"
    /// (maximized), directed by higher_is_better(); a name it cannot place throws
    /// std::invalid_argument.
    Tuner(ModelBuilder builder, std::string objective);
    /// The hyper-parameters to try, in order.
    virtual std::vector<HyperParameters> candidates() const = 0;

private:
    bool better(double a, double b) const;

    ModelBuilder builder_;
    std::string objective_;
    bool maximize_;
    std::vector<Trial> trials_;  // in the order they ran
    std::optional<std::size_t> best_;
    std::optional<Sequential> best_model_;
};

/// Tries every combination of the search space once (Keras Tuner's GridSearch).
class GridSearch : public Tuner {
public:
    /// Throws std::invalid_argument as SearchSpace::combinations.
    GridSearch(ModelBuilder builder, SearchSpace space, std::string objective = "val_loss");

protected:
    std::vector<HyperParameters> candidates() const override { return space_.combinations(); }

private:
    SearchSpace space_;
};

/// Tries max_trials combinations drawn at random, without repeats (Keras Tuner's
/// RandomSearch): all of them when the space is smaller. The same seed gives the same
/// trials.
class RandomSearch : public Tuner {
public:
    /// Throws std::invalid_argument as SearchSpace::combinations, and for max_trials = 0.
    RandomSearch(ModelBuilder builder, SearchSpace space, std::string objective = "val_loss",
                 std::size_t max_trials = 10, std::uint64_t seed = 42);

protected:
    std::vector<HyperParameters> candidates() const override;

private:
    SearchSpace space_;
    std::size_t max_trials_;
    std::uint64_t seed_;
};

}  // namespace neurona
