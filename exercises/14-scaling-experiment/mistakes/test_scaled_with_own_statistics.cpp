// Mistake: X_test standardized by a scaler fitted on X_test itself.
// Diagnóstico: X_test se estandarizó con sus propias estadísticas (otro fit); se transforma con el escalador ajustado en X_train
// Diagnosis: X_test was standardized with its own statistics (another fit); it is transformed with the scaler fitted on X_train
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
        // The mistake: a second fit, on the test rows, as fit_transform(X_test) would do.
        sc.fit(X_test);
        X_test = sc.transform(X_test);
    }
    set_global_seed(0);
    Sequential model;
    model.add(Dense(4, "tanh", InputShape{2}));
    model.add(Dense(2, "tanh"));
    model.add(Dense(1, "sigmoid"));
    model.compile("binary_crossentropy", "sgd", {"accuracy"});
    model.fit(X_train, y_train, {.epochs = epochs, .batch_size = 5, .verbose = 0});
    return model.evaluate(X_test, y_test, 32, 0);
}

}  // namespace exercise
