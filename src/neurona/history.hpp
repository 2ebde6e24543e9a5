/// @file history.hpp
/// History, what fit returns (Keras's History object): the epochs run and one series of
/// values per metric.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace neurona {

/// Keras's History: params, the epoch numbers, and one series per metric
/// ("loss", "accuracy", "val_loss", "val_accuracy", ...), one value per epoch.
struct History {
    /// Keras's history.params: {"verbose", "epochs", "steps"}.
    std::map<std::string, std::size_t> params;
    /// 0, 1, ..., epochs - 1, as Keras's history.epoch.
    std::vector<std::size_t> epoch;
    /// Keras's history.history.
    std::map<std::string, std::vector<double>> history;

    /// The series for `key`; throws std::out_of_range listing the keys when it is absent.
    const std::vector<double>& operator[](const std::string& key) const;
};

}  // namespace neurona
