#include "neurona/data/kfold.hpp"

#include <numeric>
#include <stdexcept>
#include <string>

#include "neurona/data/dataset.hpp"

namespace neurona {

KFold::KFold(std::size_t n_splits, bool shuffle, std::optional<std::uint64_t> seed)
    : n_splits_(n_splits), shuffle_(shuffle), seed_(seed) {
    if (n_splits < 2)
        throw std::invalid_argument("KFold: n_splits must be at least 2, got " + std::to_string(n_splits));
}

std::vector<Fold> KFold::split(std::size_t n_samples) const {
    if (n_samples < n_splits_)
        throw std::invalid_argument("KFold: cannot make " + std::to_string(n_splits_) + " folds of " +
                                    std::to_string(n_samples) + " samples");
    std::vector<std::size_t> order(n_samples);
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (shuffle_) order = rng_for(seed_).permutation(n_samples);

    std::vector<Fold> folds;
    std::size_t begin = 0;
    for (std::size_t k = 0; k < n_splits_; ++k) {
        // n / k rows each, and one more for each of the first n % k folds.
        const std::size_t size = n_samples / n_splits_ + (k < n_samples % n_splits_ ? 1 : 0);
        Fold fold;
        fold.validation.assign(order.begin() + begin, order.begin() + begin + size);
        std::vector<bool> in_validation(n_samples, false);
        for (std::size_t i : fold.validation) in_validation[i] = true;
        for (std::size_t i = 0; i < n_samples; ++i)
            if (!in_validation[i]) fold.train.push_back(i);
        folds.push_back(std::move(fold));
        begin += size;
    }
    return folds;
}

}  // namespace neurona
