// Exercise 27: the grid-search loop of a tuner. See README.md; run `make exercise N=27`.
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "neurona/tuner.hpp"

namespace exercise {

using neurona::HyperParameters;  // {hidden_layers, units, learning_rate, optimizer}
using neurona::SearchSpace;      // the lists of choices: hidden_layers, units, learning_rates, optimizers
/// What a trial's training would report for one set of hyper-parameters (its val_loss, say).
using ScoreFn = std::function<double(const HyperParameters&)>;

/// Every combination of the space's choices once, hidden layers varying slowest, then units,
/// learning rates, and optimizers fastest (the order of SearchSpace::combinations).
/// Throws std::invalid_argument when a list of choices is empty.
std::vector<HyperParameters> grid(const SearchSpace& space) {
    return {};  // TODO
}

/// True for objectives that are better higher (accuracies: "accuracy", "val_accuracy",
/// "binary_accuracy", "acc", ...); false for losses and errors ("loss", "val_loss", "mae", ...).
bool higher_is_better(const std::string& objective) {
    return false;  // TODO
}

/// True when score a is strictly better than score b for the direction `maximize`. A NaN score
/// is never better, and any number is better than NaN; an equal score is not better.
bool better(double a, double b, bool maximize) {
    return false;  // TODO
}

/// Scores every combination of grid(space) with `score`, in grid order, and returns
/// {the scores, the index of the best one for `objective`}. NaN scores rank last; among equal
/// best scores, the first one wins. Throws std::invalid_argument as grid.
std::pair<std::vector<double>, std::size_t> grid_search(const SearchSpace& space, const ScoreFn& score,
                                                        const std::string& objective) {
    return {{}, 0};  // TODO
}

}  // namespace exercise
