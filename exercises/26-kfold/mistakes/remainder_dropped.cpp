// Mistake: every fold gets n / k samples; the n % k left over are never validated.
// Diagnóstico: las últimas n % k muestras no se validan nunca: las n % k muestras sobrantes deben repartirse, una más en cada uno de los primeros pliegues
// Diagnosis: the last n % k samples are never validated: the n % k leftover samples must be shared out, one more in each of the first folds
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "neurona/data/kfold.hpp"

namespace exercise {

using Indices = std::vector<std::size_t>;
using neurona::Fold;

/// scikit-learn's KFold cuts n samples into k folds of n / k samples (integer division), and
/// shares out the n % k samples left over one each to the first n % k folds:
///   n = 10, k = 3: 10 / 3 = 3, 10 % 3 = 1, so 4, 3, 3.
/// The sizes add up to n, so every sample is in exactly one fold.
Indices fold_sizes(std::size_t n, std::size_t k) {
    if (k < 2) throw std::invalid_argument("fold_sizes: k must be at least 2, got " + std::to_string(k));
    if (n < k)
        throw std::invalid_argument("fold_sizes: cannot make " + std::to_string(k) + " folds of " +
                                    std::to_string(n) + " samples (a fold would be empty)");
    Indices sizes(k, n / k);
    // The mistake: the n % k leftover samples are given to no fold.
    return sizes;
}

/// The k folds of the samples listed in `order` (0 .. n-1, or a shuffle of them):
///   fold i validates on order[begin_i, begin_i + size_i), the slice that starts where fold
///   i - 1 ended (the end itself excluded), and trains on every other sample, ascending.
/// A sample is validated in exactly one fold and trained on in the k - 1 others; no fold
/// ever trains on the samples it is validated on.
std::vector<Fold> kfold(const Indices& order, std::size_t k) {
    const std::size_t n = order.size();
    const Indices sizes = fold_sizes(n, k);  // throws for k < 2 or n < k
    std::vector<bool> seen(n, false);
    for (std::size_t i : order) {
        if (i >= n || seen[i])
            throw std::invalid_argument("kfold: order must list each of 0 .. " + std::to_string(n - 1) +
                                        " once; " + std::to_string(i) + (i >= n ? " is out of range" : " repeats"));
        seen[i] = true;
    }
    std::vector<Fold> folds;
    std::size_t begin = 0;
    for (std::size_t size : sizes) {
        Fold fold;
        fold.validation.assign(order.begin() + static_cast<std::ptrdiff_t>(begin),
                               order.begin() + static_cast<std::ptrdiff_t>(begin + size));
        std::vector<bool> in_validation(n, false);
        for (std::size_t i : fold.validation) in_validation[i] = true;
        for (std::size_t i = 0; i < n; ++i)
            if (!in_validation[i]) fold.train.push_back(i);  // ascending, as scikit-learn
        folds.push_back(std::move(fold));
        begin += size;  // the next fold starts where this one ended
    }
    return folds;
}

/// Scores each fold once, in order, and returns {the per-fold scores, their mean}: the
/// cross-validated estimate, the plain mean of the k scores (as scikit-learn's
/// cross_val_score(...).mean()).
std::pair<std::vector<double>, double> cross_validate(const std::vector<Fold>& folds,
                                                      const std::function<double(const Fold&)>& score) {
    if (folds.empty()) throw std::invalid_argument("cross_validate: no folds");
    std::vector<double> scores;
    double sum = 0;
    for (const Fold& fold : folds) {
        scores.push_back(score(fold));
        sum += scores.back();
    }
    return {scores, sum / static_cast<double>(scores.size())};
}

}  // namespace exercise
