// Exercise 14: what changes without scaling? See README.md; run `make exercise N=14`.
#include <cstddef>
#include <stdexcept>
#include <vector>

#include "neurona/data/preprocessing.hpp"
#include "neurona/data/synthetic.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/model.hpp"

namespace exercise {

/// The course's circles pipeline (README.md, steps 1-7) with X multiplied by input_multiplier
/// and standardized or not; returns {test loss, test accuracy} after `epochs` epochs.
std::vector<double> train_circles(bool scale_inputs, double input_multiplier, std::size_t epochs) {
    return {0, 0};  // TODO
}

}  // namespace exercise
