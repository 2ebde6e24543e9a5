// Mistake: better() uses <= and >=, so an equal later score replaces the best.
// Diagnóstico: de dos puntuaciones iguales se quedó la del último intento; un empate conserva el primero (uno posterior debe ser estrictamente mejor)
// Diagnosis: of two equal scores the later trial was kept; a tie keeps the first (a later trial must be strictly better)
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "neurona/tuner.hpp"

namespace exercise {

using neurona::HyperParameters;
using neurona::SearchSpace;
/// What a trial's training would report for one set of hyper-parameters (its val_loss, say).
using ScoreFn = std::function<double(const HyperParameters&)>;

/// Every combination of the choices once, in neurona's (and Keras Tuner's grid) order: one
/// loop per hyper-parameter, nested, hidden layers outermost and optimizers innermost, so the
/// optimizer changes fastest. Each loop runs to the end of its list: the grid has
/// |hidden_layers| x |units| x |learning_rates| x |optimizers| combinations.
std::vector<HyperParameters> grid(const SearchSpace& space) {
    if (space.hidden_layers.empty() || space.units.empty() || space.learning_rates.empty() ||
        space.optimizers.empty())
        throw std::invalid_argument("grid: every list of choices needs at least one value");
    std::vector<HyperParameters> all;
    for (std::size_t l = 0; l < space.hidden_layers.size(); ++l)
        for (std::size_t u = 0; u < space.units.size(); ++u)
            for (std::size_t r = 0; r < space.learning_rates.size(); ++r)
                for (std::size_t o = 0; o < space.optimizers.size(); ++o)
                    all.push_back({space.hidden_layers[l], space.units[u], space.learning_rates[r],
                                   space.optimizers[o]});
    return all;
}

/// Keras's "auto" direction: accuracies are better higher; losses and errors (loss, mae,
/// mse, rmse, with or without "val_") are better lower.
bool higher_is_better(const std::string& objective) {
    const std::string name = objective.rfind("val_", 0) == 0 ? objective.substr(4) : objective;
    return name == "acc" || name.find("accuracy") != std::string::npos;
}

/// True when score a is strictly better than score b.
///   - NaN (a trial that diverged) is never better, and any number beats it. Every
///     comparison with NaN is false, so this must be said before comparing: otherwise a NaN
///     that comes first is never replaced.
///   - Strictly: an equal score is not better, so among ties the earlier trial stays best.
bool better(double a, double b, bool maximize) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
    // The mistake: >= and <= make an equal score "better", so the last of a tie wins.
    return maximize ? a >= b : a <= b;
}

/// The grid-search loop: score every combination of grid(space), in order, and keep the index
/// of the best for the objective (minimised for a loss, maximised for an accuracy).
/// Returns {the scores in grid order, the best index}.
std::pair<std::vector<double>, std::size_t> grid_search(const SearchSpace& space, const ScoreFn& score,
                                                        const std::string& objective) {
    const std::vector<HyperParameters> candidates = grid(space);
    const bool maximize = higher_is_better(objective);
    std::vector<double> scores;
    std::size_t best = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        scores.push_back(score(candidates[i]));
        if (i > 0 && better(scores[i], scores[best], maximize)) best = i;
    }
    return {scores, best};
}

}  // namespace exercise
