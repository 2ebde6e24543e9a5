/// @file mnist_models.hpp
/// The MNIST networks that run_mnist trains and make bench times, declared once.
#pragma once

#include <stdexcept>
#include <string>

#include "neurona/layers.hpp"
#include "neurona/model.hpp"

/// A new compiled model: "default", the course's network (1.4-1.5, Dense(512, relu) ->
/// Dense(10, softmax), rmsprop); "quickstart", the TensorFlow quick start (002); "convnet",
/// Keras's simple MNIST convnet (chapter 4.4, 34,826 parameters, adam). Each takes rows of
/// 784 pixels. Throws std::invalid_argument naming the three for any other name.
inline neurona::Sequential build_mnist_model(const std::string& which) {
    using namespace neurona;
    Sequential model;
    if (which == "default") {
        model.add(Dense(512, "relu", InputShape{28 * 28}));
        model.add(Dense(10, "softmax"));
        model.compile("categorical_crossentropy", "rmsprop", {"accuracy"});
    } else if (which == "quickstart") {
        model.add(Flatten(InputShape{28, 28}));
        model.add(Dense(128, "relu"));
        model.add(Dropout(0.2));
        model.add(Dense(10, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam", {"accuracy"});
    } else if (which == "convnet") {
        // Each row of 784 pixels is read as a 28 x 28 image of one channel (Keras's example
        // adds that axis with np.expand_dims): the values are the same, only the shape differs.
        model.add(Conv2D(32, {3, 3}, "relu", InputShape{28, 28, 1}));
        model.add(MaxPooling2D({2, 2}));
        model.add(Conv2D(64, {3, 3}, "relu"));
        model.add(MaxPooling2D({2, 2}));
        model.add(Flatten());
        model.add(Dropout(0.5));
        model.add(Dense(10, "softmax"));
        model.compile("categorical_crossentropy", "adam", {"accuracy"});
    } else {
        throw std::invalid_argument("build_mnist_model: the model is 'default', 'quickstart' or 'convnet', got '" +
                                    which + "'");
    }
    return model;
}
