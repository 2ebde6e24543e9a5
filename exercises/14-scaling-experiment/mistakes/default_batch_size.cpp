// Mistake: fit without .batch_size = 5: Keras's default of 32.
// Diagnóstico: fit usó el tamaño de lote por defecto (32); el curso entrena con batch_size = 5
// Diagnosis: fit used the default batch size (32); the course trains with batch_size = 5
#include <cstddef>
#include <stdexcept>
#include <vector>

#include "neurona/data/preprocessing.hpp"
#include "neurona/data/synthetic.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/model.hpp"

namespace exercise {

using namespace neurona;

std::vector<double> train_circles(bool scale_inputs, double input_multiplier, std::size_t epochs) {
    const Dataset d = make_circles(1000, 0.3, 0.07, 0);
    const Matrix X = d.X * static_cast<Scalar>(input_multiplier);
    auto [X_train, X_test, y_train, y_test] = train_test_split(X, d.y, 0.2, 0);
    if (scale_inputs) {
        StandardScaler sc;
        sc.fit(X_train);  // the training data's statistics, for both parts
        X_train = sc.transform(X_train);
        X_test = sc.transform(X_test);
    }
    set_global_seed(0);
    Sequential model;
    model.add(Dense(4, "tanh", InputShape{2}));
    model.add(Dense(2, "tanh"));
    model.add(Dense(1, "sigmoid"));
    model.compile("binary_crossentropy", "sgd", {"accuracy"});
    // The mistake: no .batch_size, so 32 samples per step and far fewer steps per epoch.
    model.fit(X_train, y_train, {.epochs = epochs, .verbose = 0});
    return model.evaluate(X_test, y_test, 32, 0);
}

}  // namespace exercise
