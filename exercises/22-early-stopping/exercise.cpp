// Exercise 22: Keras's EarlyStopping rule. See README.md; run `make exercise N=22`.
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <vector>

namespace exercise {

/// EarlyStopping(monitor="val_loss", min_delta, patience, restore_best_weights) over the
/// validation loss of each epoch (val_loss[0] is epoch 1's). Returns
/// {epochs_run, best_epoch, weights_epoch}, epochs numbered from 1: how many epochs fit runs
/// before it stops (all of them when it never stops), the epoch of the best value, and the
/// epoch whose weights the model ends with. Throws std::invalid_argument when val_loss is empty.
std::tuple<std::size_t, std::size_t, std::size_t> early_stopping(const std::vector<double>& val_loss,
                                                                 std::size_t patience, double min_delta,
                                                                 bool restore_best_weights) {
    return {0, 0, 0};  // TODO
}

}  // namespace exercise
