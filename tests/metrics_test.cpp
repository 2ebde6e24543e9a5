// Metrics: accuracies counted by hand, the regression metrics on the course's MSE example,
// Keras's resolution of "accuracy" from the loss, and confusion matrices counted by hand.
#include "neurona/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace neurona;

namespace {

constexpr float kTol = 1e-6f;

// Three samples, three classes. Predicted classes (argmax of each row): 0, 2, 0 (the last
// row ties classes 0 and 1, and the first index wins, as NumPy's argmax).
const Matrix kP{{0.7f, 0.2f, 0.1f}, {0.1f, 0.3f, 0.6f}, {0.4f, 0.4f, 0.2f}};
// True classes 0, 2, 1: hit, hit, miss = 2/3.
const Matrix kOneHot{{1, 0, 0}, {0, 0, 1}, {0, 1, 0}};
const Matrix kLabels = Matrix::column_vector({0, 2, 1});

}  // namespace

TEST(Metrics, BinaryAccuracyIsStrictlyAboveThreshold) {
    // p > 0.5 -> (1, 0, 0, 0); y = (1, 0, 1, 0): right, right (0.5 is not above), wrong,
    // right = 3/4.
    const Matrix y = Matrix::column_vector({1, 0, 1, 0});
    const Matrix p = Matrix::column_vector({0.9f, 0.5f, 0.4f, 0.1f});
    EXPECT_FLOAT_EQ(binary_accuracy(y, p), 0.75f);
    // threshold 0.45 -> (1, 1, 0, 0): right, wrong, wrong, right = 2/4.
    EXPECT_FLOAT_EQ(binary_accuracy(y, p, 0.45f), 0.5f);
}

TEST(Metrics, BinaryAccuracyAveragesOverEveryOutput) {
    // Two sigmoid outputs per sample. p > 0.5 -> (1, 1), (0, 1); y = (1, 0), (1, 1):
    // element hits 1, 0, 0, 1 = 2/4 (Keras), although no row is entirely right.
    const Matrix y{{1, 0}, {1, 1}};
    const Matrix p{{0.7f, 0.6f}, {0.2f, 0.9f}};
    EXPECT_FLOAT_EQ(binary_accuracy(y, p), 0.5f);
}

TEST(Metrics, CategoricalAccuracy) {
    // Predicted 0, 2, 0; true 0, 2, 1: hit, hit, miss = 2/3.
    EXPECT_NEAR(categorical_accuracy(kOneHot, kP), 2.0f / 3.0f, kTol);
    // With the tie's true class 0 instead, all three hit.
    EXPECT_FLOAT_EQ(categorical_accuracy(Matrix{{1, 0, 0}, {0, 0, 1}, {1, 0, 0}}, kP), 1.0f);
}

TEST(Metrics, SparseCategoricalAccuracy) {
    // The same labels as indices: 2/3.
    EXPECT_NEAR(sparse_categorical_accuracy(kLabels, kP), 2.0f / 3.0f, kTol);
    // Labels 1, 1, 1 against predictions 0, 2, 0: no hit (the tie goes to class 0).
    EXPECT_FLOAT_EQ(sparse_categorical_accuracy(Matrix::column_vector({1, 1, 1}), kP), 0.0f);
    EXPECT_THROW(sparse_categorical_accuracy(Matrix::column_vector({0, 3, 1}), kP),
                 std::invalid_argument);
    EXPECT_THROW(sparse_categorical_accuracy(kOneHot, kP), std::invalid_argument);
}

TEST(Metrics, RegressionMetricsOnTheCourseExample) {
    // y = (0, 0, 1, 1), p = (0.9, 0.5, 0.2, 0): squares sum 2.7, absolutes sum 3.2.
    const Matrix y = Matrix::column_vector({0, 0, 1, 1});
    const Matrix p = Matrix::column_vector({0.9f, 0.5f, 0.2f, 0.0f});
    EXPECT_NEAR(mean_squared_error(y, p), 0.675f, kTol);            // 2.7 / 4
    EXPECT_NEAR(mean_absolute_error(y, p), 0.8f, kTol);             // 3.2 / 4
    EXPECT_NEAR(root_mean_squared_error(y, p), 0.82158384f, kTol);  // sqrt(0.675)
    EXPECT_THROW(mean_squared_error(y, p.T()), std::invalid_argument);
    EXPECT_THROW(binary_accuracy(y, p.T()), std::invalid_argument);
}

TEST(Metrics, AccuracyResolvesFromTheLoss) {
    // One output, y = (1, 0), p = (0.7, 0.6): binary accuracy hits 1 of 2 = 0.5, while a
    // categorical accuracy over one column always "hits" (argmax 0 == argmax 0) = 1.
    const Matrix y1 = Matrix::column_vector({1, 0});
    const Matrix p1 = Matrix::column_vector({0.7f, 0.6f});

    const Metric bce = get_metric("accuracy", "binary_crossentropy", 1);
    EXPECT_EQ(bce.name, "accuracy");
    EXPECT_FLOAT_EQ(bce.fn(y1, p1), 0.5f);
    // binary_crossentropy with two outputs stays binary: per element, 2/4 as above.
    EXPECT_FLOAT_EQ(get_metric("accuracy", "binary_crossentropy", 2)
                        .fn(Matrix{{1, 0}, {1, 1}}, Matrix{{0.7f, 0.6f}, {0.2f, 0.9f}}),
                    0.5f);

    const Metric cce = get_metric("accuracy", "categorical_crossentropy", 3);
    EXPECT_NEAR(cce.fn(kOneHot, kP), 2.0f / 3.0f, kTol);

    const Metric sparse = get_metric("acc", "sparse_categorical_crossentropy", 3);
    EXPECT_EQ(sparse.name, "acc");
    EXPECT_NEAR(sparse.fn(kLabels, kP), 2.0f / 3.0f, kTol);

    // Other losses: binary with one output, categorical with more.
    EXPECT_FLOAT_EQ(get_metric("accuracy", "mse", 1).fn(y1, p1), 0.5f);
    EXPECT_NEAR(get_metric("accuracy", "mse", 3).fn(kOneHot, kP), 2.0f / 3.0f, kTol);
}

TEST(Metrics, BinaryAccuracyOfLogitsThresholdsAtZero) {
    // Logits z = (0.3, -0.2, 0.1), y = (1, 0, 1): sigmoid(z) = (0.574, 0.450, 0.525), each on
    // the right side of 0.5, so 3 of 3. Thresholding the logits at 0 says the same; at 0.5,
    // Keras's "accuracy" with from_logits (tensorflow/tensorflow#41413), 0.3 and 0.1 would
    // count as class 0: 1 of 3.
    const Matrix y = Matrix::column_vector({1, 0, 1});
    const Matrix Z = Matrix::column_vector({0.3f, -0.2f, 0.1f});
    EXPECT_FLOAT_EQ(get_metric("accuracy", "binary_crossentropy", 1, true).fn(y, Z), 1.0f);
    EXPECT_FLOAT_EQ(get_metric("binary_accuracy", "binary_crossentropy", 1, true).fn(y, Z), 1.0f);
    EXPECT_NEAR(get_metric("accuracy", "binary_crossentropy", 1).fn(y, Z), 1.0f / 3.0f, kTol);
    // Argmax is the same for logits and their softmax: categorical accuracies do not change.
    EXPECT_NEAR(get_metric("accuracy", "sparse_categorical_crossentropy", 3, true).fn(kLabels, kP), 2.0f / 3.0f,
                kTol);
}

TEST(Metrics, NamesAndAliases) {
    const Matrix y = Matrix::column_vector({0, 0, 1, 1});
    const Matrix p = Matrix::column_vector({0.9f, 0.5f, 0.2f, 0.0f});
    EXPECT_EQ(get_metric("mae", "mse", 1).name, "mae");
    EXPECT_NEAR(get_metric("mean_absolute_error", "mse", 1).fn(y, p), 0.8f, kTol);
    EXPECT_NEAR(get_metric("rmse", "mse", 1).fn(y, p), 0.82158384f, kTol);
    // The course's regression model asks for the Keras class; History shows it snake_case.
    const Metric rmse = get_metric("RootMeanSquaredError", "mse", 1);
    EXPECT_EQ(rmse.name, "root_mean_squared_error");
    EXPECT_NEAR(rmse.fn(y, p), 0.82158384f, kTol);
    try {
        get_metric("precision", "mse", 1);
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("'precision'"), std::string::npos) << message;
        EXPECT_NE(message.find("accuracy"), std::string::npos) << message;
        EXPECT_NE(message.find("root_mean_squared_error"), std::string::npos) << message;
    }
}

namespace {
// The message of the std::invalid_argument that `f` throws ("" and a failure when none).
template <class F>
std::string invalid_argument_message(F f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    ADD_FAILURE() << "no std::invalid_argument";
    return "";
}
}  // namespace

TEST(ConfusionMatrix, CountsTrueClassAgainstPredictedClass) {
    // True 0, 2, 1; predicted 0, 2, 0 (the tie in the last row goes to class 0):
    // cells (0, 0), (2, 2) and (1, 0) get one sample each.
    const ConfusionMatrix expected = {{1, 0, 0}, {1, 0, 0}, {0, 0, 1}};
    EXPECT_EQ(confusion_matrix(kLabels, kP), expected);
    EXPECT_EQ(confusion_matrix(kOneHot, kP), expected);  // one-hot labels give the same counts
}

TEST(ConfusionMatrix, SeveralSamplesInOneCell) {
    // Two classes, five samples: true 1, 1, 1, 0, 0; predicted 1, 0, 1, 1, 0.
    const Matrix y = Matrix::column_vector({1, 1, 1, 0, 0});
    const Matrix p{{0.2f, 0.8f}, {0.9f, 0.1f}, {0.4f, 0.6f}, {0.3f, 0.7f}, {0.6f, 0.4f}};
    const ConfusionMatrix expected = {{1, 1}, {1, 2}};
    EXPECT_EQ(confusion_matrix(y, p), expected);
}

TEST(ConfusionMatrix, BadShapesAndLabelsAreErrors) {
    // Not one-hot for three classes, nor class indices: both shapes are named.
    std::string message = invalid_argument_message([] { confusion_matrix(Matrix(3, 2), kP); });
    EXPECT_NE(message.find("confusion_matrix: shapes (3, 2) and (3, 3)"), std::string::npos) << message;
    message = invalid_argument_message([] { confusion_matrix(Matrix(2, 1), kP); });  // rows differ
    EXPECT_NE(message.find("(2, 1) and (3, 3)"), std::string::npos) << message;
    // One sigmoid output is not one score per class.
    message = invalid_argument_message([] { confusion_matrix(Matrix(3, 1), Matrix(3, 1, 0.7f)); });
    EXPECT_NE(message.find("classes >= 2"), std::string::npos) << message;
    message = invalid_argument_message([] { confusion_matrix(Matrix::column_vector({0, 3, 1}), kP); });
    EXPECT_NE(message.find("confusion_matrix: y_true row 1 holds 3, not a class index in [0, 3)"),
              std::string::npos)
        << message;
    message = invalid_argument_message([] { confusion_matrix(Matrix::column_vector({0, 1, 0.5f}), kP); });
    EXPECT_NE(message.find("y_true row 2 holds 0.5"), std::string::npos) << message;
}

TEST(ConfusionMatrix, PrintsTheTableOfCounts) {
    // Names are cut to 6 characters in the header and to 12 at the start of a row; a count
    // wider than its column is printed whole. A stream left with std::left and a fill
    // character by the caller does not change the table.
    std::ostringstream out;
    out << std::left << std::setfill('*');
    print_confusion(out, {{12, 0}, {3, 1234567}}, {"T-shirt/top", "Ankle boot and more"});
    EXPECT_EQ(out.str(),
              " true \\ pred T-shir Ankle \n"
              " T-shirt/top     12      0\n"
              "Ankle boot a      3 1234567\n");
}

TEST(ConfusionMatrix, PrintNeedsASquareTableAndOneNamePerClass) {
    std::ostringstream out;
    std::string message = invalid_argument_message([&] { print_confusion(out, {{1, 2}, {3, 4}}, {"a"}); });
    EXPECT_NE(message.find("print_confusion: 1 names for 2 classes"), std::string::npos) << message;
    message = invalid_argument_message([&] { print_confusion(out, {{1, 2}, {3}}, {"a", "b"}); });
    EXPECT_NE(message.find("row 1 has 1 columns"), std::string::npos) << message;
    message = invalid_argument_message([&] { print_confusion(out, {}, {}); });
    EXPECT_NE(message.find("print_confusion: counts is empty"), std::string::npos) << message;
    EXPECT_EQ(out.str(), "");  // nothing printed before the error
}
