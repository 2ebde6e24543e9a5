// Mistake: the best epoch returned is the last epoch run, not the epoch of the last improvement.
// Diagnóstico: la mejor época se tomó como la última; es la de la última mejora
// Diagnosis: the best epoch was taken as the last epoch; it is the epoch of the last improvement
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <vector>

namespace exercise {

/// Keras's EarlyStopping(monitor="val_loss", min_delta, patience, restore_best_weights), run
/// over the validation loss of each epoch as fit would run it:
///
///   best = +infinity, wait = 0
///   after each epoch e (1, 2, ...), with its value v:
///     wait += 1
///     if v + min_delta < best:            an improvement: better than best by more than min_delta
///         best = v, best_epoch = e, wait = 0
///     else if wait >= patience:           patience epochs in a row without one
///         training stops after epoch e
///
/// The model then keeps the weights of its last epoch, or, with restore_best_weights, those of
/// the best epoch. Epochs are numbered from 1, as Keras prints them ("Epoch 46: early
/// stopping", "Restoring model weights from the end of the best epoch: 26.").
std::tuple<std::size_t, std::size_t, std::size_t> early_stopping(const std::vector<double>& val_loss,
                                                                 std::size_t patience, double min_delta,
                                                                 bool restore_best_weights) {
    if (val_loss.empty()) throw std::invalid_argument("early_stopping: no epochs");
    const double delta = std::abs(min_delta);  // Keras uses |min_delta|
    double best = std::numeric_limits<double>::infinity();
    std::size_t wait = 0, best_epoch = 0, epochs_run = val_loss.size();
    for (std::size_t e = 1; e <= val_loss.size(); ++e) {
        const double v = val_loss[e - 1];
        ++wait;
        if (v + delta < best) {
            best = v;
            best_epoch = e;
            wait = 0;
        } else if (wait >= patience && e > 1) {  // Keras never stops after the first epoch
            epochs_run = e;
            break;
        }
    }
    best_epoch = epochs_run;  // The mistake: "best" is where training ended
    return {epochs_run, best_epoch, restore_best_weights ? best_epoch : epochs_run};
}

}  // namespace exercise
