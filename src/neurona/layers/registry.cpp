// The layer registry: every layer type that layer_from_config (and so load_model) can make,
// one line each. Adding a layer is its own two files, its #include in neurona/layers.hpp and
// one line here (docs/adding-a-layer.md).
#include <stdexcept>

#include "neurona/layers.hpp"
#include "neurona/names.hpp"

namespace neurona {

namespace {

struct LayerType {
    const char* name;                                           // what type() returns
    std::unique_ptr<Layer> (*from_config)(const LayerConfig&);  // makes one, unbuilt
};

const std::vector<LayerType>& registry() {
    static const std::vector<LayerType> types{
        {"Dense", &Dense::from_config},
        {"Activation", &Activation::from_config},
        {"Dropout", &Dropout::from_config},
        {"Flatten", &Flatten::from_config},
        {"Normalization", &Normalization::from_config},
        {"Conv2D", &Conv2D::from_config},
        {"MaxPooling2D", &MaxPooling2D::from_config},
        {"AveragePooling2D", &AveragePooling2D::from_config},
        {"Reshape", &Reshape::from_config},
        {"BatchNormalization", &BatchNormalization::from_config},
    };
    return types;
}

}  // namespace

std::vector<std::string> layer_type_names() {
    std::vector<std::string> names;
    for (const LayerType& t : registry()) names.push_back(t.name);
    return names;
}

std::unique_ptr<Layer> layer_from_config(const std::string& type, const LayerConfig& config) {
    for (const LayerType& t : registry()) {
        if (type != t.name) continue;
        std::unique_ptr<Layer> layer = t.from_config(config);
        // Every layer takes input_shape (as Keras's base Layer does), so it is read here,
        // not by each from_config.
        if (config.has("input_shape")) layer->declared_input_shape_ = config.shape("input_shape");
        if (const std::string key = config.first_unread(); !key.empty())
            throw std::invalid_argument(type + " has no setting '" + key + "'");
        return layer;
    }
    throw_unknown_name("layer type", type, layer_type_names());
}

}  // namespace neurona
