#include "neurona/model.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iostream>
#include <limits>
#include <map>
#include <stdexcept>

#include "neurona/activations.hpp"
#include "neurona/matmul.hpp"
#include "neurona/names.hpp"
#include "neurona/random.hpp"

namespace neurona {

namespace {

// Keras names objects with one counter per kind: dense, dense_1, dense_2, ...
std::map<std::string, std::size_t>& name_counters() {
    static std::map<std::string, std::size_t> counters;
    return counters;
}

std::string next_name(const std::string& base) {
    const std::size_t n = name_counters()[base]++;
    return n == 0 ? base : base + "_" + std::to_string(n);
}

// Keras's layer names: "Dense" -> "dense", "BatchNormalization" -> "batch_normalization",
// "Conv2D" -> "conv2d", "MaxPooling2D" -> "max_pooling2d" (a word starts at a capital that
// follows a lower-case letter; "2D" stays one word).
std::string snake_case(const std::string& type) {
    std::string s;
    for (std::size_t i = 0; i < type.size(); ++i) {
        const auto c = static_cast<unsigned char>(type[i]);
        if (i > 0 && std::isupper(c) && std::islower(static_cast<unsigned char>(type[i - 1]))) s += '_';
        s += static_cast<char>(std::tolower(c));
    }
    return s;
}

// "407050" -> "407,050", as Keras prints parameter totals.
std::string with_thousands(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

void clear_session() { name_counters().clear(); }

Sequential::Sequential() : name_(next_name("sequential")) {}

void Sequential::add(std::unique_ptr<Layer> layer) {
    if (!layer) throw std::invalid_argument(name_ + ": add() got a null layer");
    layer->set_name(next_name(snake_case(layer->type())));
    const auto& declared = layer->declared_input_shape();
    if (!layers_.empty() && declared && layers_.back()->built() &&
        *declared != layers_.back()->output_shape())
        throw std::invalid_argument(name_ + ": layer " + layer->name() + " declares input " +
                                    batch_shape_string(*declared) + " but the previous layer outputs " +
                                    batch_shape_string(layers_.back()->output_shape()));
    // The shape the layer receives, when it is known now.
    std::optional<Shape> input;
    if (layers_.empty() && declared) input = *declared;
    else if (!layers_.empty() && layers_.back()->built()) input = layers_.back()->output_shape();
    if (input && !layer->built()) {
        layer->build(*input);
    } else if (input && layer->input_shape() != *input) {
        // A layer built already (set_weights, adapt) keeps its weights; they must fit here.
        throw std::invalid_argument(name_ + ": layer " + layer->name() + " was built for input " +
                                    batch_shape_string(layer->input_shape()) + " but receives " +
                                    batch_shape_string(*input));
    }
    layers_.push_back(std::move(layer));
    skip_unused_input_gradients();
}

void Sequential::build(const Shape& input_shape) {
    Shape shape = input_shape;
    for (auto& layer : layers_) shape = layer->built() ? layer->output_shape() : layer->build(shape);
    skip_unused_input_gradients();
}

void Sequential::skip_unused_input_gradients() {
    // dL/dA_prev is used only to reach trainable weights further down. Below the first layer
    // with weights nothing uses it, so that layer (the first Dense, even after a Flatten or
    // a Normalization) saves a whole matrix product per step.
    bool weights_below = false;
    for (auto& layer : layers_) {
        layer->set_needs_input_gradient(weights_below);
        weights_below = weights_below || layer->trainable_count() > 0;
    }
}

void Sequential::compile(const std::string& loss, const std::string& optimizer,
                         const std::vector<std::string>& metrics) {
    compile(get_loss(loss), *get_optimizer(optimizer), metrics);
}

void Sequential::compile(const std::string& loss, const Optimizer& optimizer,
                         const std::vector<std::string>& metrics) {
    compile(get_loss(loss), optimizer, metrics);
}

void Sequential::compile(const Loss& loss, const std::string& optimizer, const std::vector<std::string>& metrics) {
    compile(loss, *get_optimizer(optimizer), metrics);
}

void Sequential::compile(const Loss& loss, const Optimizer& optimizer, const std::vector<std::string>& metrics) {
    if (layers_.empty()) throw std::logic_error(name_ + ": compile() before any add()");
    loss_ = loss;
    optimizer_ = optimizer.clone();
    metric_names_ = metrics;
    resolve_metrics();
}

void Sequential::resolve_metrics() {
    // "accuracy" depends on the number of outputs; an unbuilt model is resolved again in fit.
    const std::size_t outputs = layers_.back()->built() ? shape_size(layers_.back()->output_shape()) : 0;
    metrics_.clear();
    for (const auto& m : metric_names_) metrics_.push_back(get_metric(m, loss_->name, outputs, loss_->from_logits));
}

const Loss& Sequential::loss() const {
    if (!loss_) throw std::logic_error(name_ + ": not compiled; call compile() first");
    return *loss_;
}

const Optimizer& Sequential::optimizer() const {
    if (!optimizer_) throw std::logic_error(name_ + ": not compiled; call compile() first");
    return *optimizer_;
}

Optimizer& Sequential::optimizer() {
    return const_cast<Optimizer&>(static_cast<const Sequential*>(this)->optimizer());
}

Matrix Sequential::forward(const Matrix& X, bool training) {
    if (layers_.empty()) throw std::logic_error(name_ + ": the model has no layers");
    if (!layers_.front()->built()) build({X.cols()});
    const std::size_t inputs = shape_size(layers_.front()->input_shape());
    if (X.cols() != inputs)
        throw std::invalid_argument(name_ + ": input " + X.shape() + " has " + std::to_string(X.cols()) +
                                    " columns, but the model expects " + std::to_string(inputs) +
                                    " (input shape " + batch_shape_string(layers_.front()->input_shape()) + ")");
    Matrix A = layers_.front()->forward(X, training);
    for (std::size_t l = 1; l < layers_.size(); ++l) A = layers_[l]->forward(A, training);
    return A;
}

void Sequential::backward(const Matrix& dY_hat) {
    Matrix dA = dY_hat;
    for (std::size_t l = layers_.size(); l-- > 0;) dA = layers_[l]->backward(dA);
}

bool Sequential::fuses_output() const {
    if (!loss_ || loss_->from_logits || loss_->fuses_with.empty() || layers_.empty()) return false;
    const ActivationFunction* g = layers_.back()->output_activation();
    return g != nullptr && g->name == loss_->fuses_with;
}

Scalar Sequential::data_loss(const Matrix& y, const Matrix& Y_hat) const {
    // Fused: the loss of the probabilities A = g(Z), computed from Z (log-sum-exp or
    // log-sigmoid), so a probability below Keras's clip 1e-7 still counts in full.
    if (fuses_output()) return loss_->logits_value(y, layers_.back()->output_logits());
    return loss_->value(y, Y_hat);
}

Scalar Sequential::compute_gradients(const Matrix& X, const Matrix& y, bool training, Matrix* Y_hat) {
    const Loss& L = loss();
    Matrix prediction = forward(X, training);
    Scalar value;
    if (fuses_output()) {
        // A = softmax(Z) (or sigmoid) and the cross-entropy together have dL/dZ = (A - Y) / batch:
        // the output layer starts its backward there, skipping g', and the layers below as usual.
        Layer& output = *layers_.back();
        const Matrix& Z = output.output_logits();
        value = L.logits_value(y, Z) + regularization_loss();
        Matrix dA = output.backward_from_logits(L.logits_gradient(y, Z));
        for (std::size_t l = layers_.size() - 1; l-- > 0;) dA = layers_[l]->backward(dA);
    } else {
        value = L.value(y, prediction) + regularization_loss();
        backward(L.gradient(y, prediction));
    }
    if (Y_hat) *Y_hat = std::move(prediction);
    return value;
}

Scalar Sequential::regularization_loss() const {
    Scalar total = 0;
    for (const auto& layer : layers_) total += layer->regularization_loss();
    return total;
}

std::vector<Param> Sequential::params() {
    std::vector<Param> all;
    for (auto& layer : layers_)
        for (Param p : layer->params()) {
            p.name = layer->name() + "/" + p.name;
            all.push_back(p);
        }
    return all;
}

namespace {
// A NaN or an infinity in the data spoils every weight it reaches in the first step (one NaN
// pixel of MNIST did, silently), so fit, evaluate and predict refuse it up front and say
// where it is: "sequential.fit: X has NaN at row 3, column 17; inputs must be finite".
// `what` names the matrix ("X", "y"), `kind` what it holds ("inputs", "targets").
void check_finite(const std::string& where, const char* what, const Matrix& M, const char* kind) {
    const Scalar* begin = M.data();
    const Scalar* end = begin + M.size();
    // Chunk by chunk over the pool, each without an early exit so that its test vectorises:
    // fit checks all of MNIST (47 million values) at every call, and a find_if, whose early
    // exit keeps it scalar, took 20 ms of one thread where the chunked test takes 10 ms.
    // Only the first chunk that holds a bad value is then searched value by value, so the
    // message names the first bad value whatever the thread count.
    const std::size_t n = M.size(), chunk = 4 * kParallelChunk;
    std::vector<char> chunk_bad((n + chunk - 1) / chunk, 0);
    parallel_chunks(n, chunk, [&](std::size_t first, std::size_t last) {
        int not_finite = 0;
        for (std::size_t i = first; i < last; ++i)
            not_finite |= !(std::abs(begin[i]) <= std::numeric_limits<Scalar>::max());
        chunk_bad[first / chunk] = static_cast<char>(not_finite);
    });
    const auto first_bad = std::find(chunk_bad.begin(), chunk_bad.end(), 1);
    const Scalar* bad = end;
    if (first_bad != chunk_bad.end()) {
        const Scalar* from = begin + static_cast<std::size_t>(first_bad - chunk_bad.begin()) * chunk;
        bad = std::find_if(from, std::min(end, from + chunk), [](Scalar v) { return !std::isfinite(v); });
    }
    if (bad == end) return;
    const auto i = static_cast<std::size_t>(bad - begin);
    const char* value = std::isnan(*bad) ? "NaN" : *bad > 0 ? "inf" : "-inf";
    throw std::invalid_argument(where + ": " + what + " has " + value + " at row " + std::to_string(i / M.cols()) +
                                ", column " + std::to_string(i % M.cols()) + "; " + kind + " must be finite");
}
}  // namespace

void Sequential::check_data(const char* where, const Matrix& X, const Matrix& y) const {
    if (X.rows() != y.rows())
        throw_shape_error(name_ + "." + where + ": X and y", X, y, " (need one row of y per sample of X)");
    if (X.rows() == 0) throw std::invalid_argument(name_ + "." + where + ": no samples (X is " + X.shape() + ")");
    if (X.cols() == 0)
        throw std::invalid_argument(name_ + "." + where + ": X " + X.shape() + " has no features (0 columns)");
    check_finite(name_ + "." + where, "X", X, "inputs");
    check_finite(name_ + "." + where, "y", y, "targets");
}

void Sequential::prepare(const char* where, const Matrix& X, const Matrix& y) {
    loss();  // throws when not compiled
    check_data(where, X, y);
    if (!layers_.front()->built()) build({X.cols()});
    resolve_metrics();
}

namespace {
// The loss and the metrics over an epoch so far, each a mean over samples (batches weighted
// by their size), as Keras's progress line and History show them. A root-of-mean metric
// (RMSE) is accumulated as its square and reported as the root of the mean, as Keras does.
class RunningMeans {
public:
    explicit RunningMeans(const std::vector<Metric>& metrics) : names_{"loss"}, root_{false} {
        for (const auto& m : metrics) {
            names_.push_back(m.name);
            root_.push_back(m.root_of_mean);
        }
        sums_.assign(names_.size(), 0.0);
    }
    /// values: the batch's loss then each metric; n: the batch size.
    void add(const std::vector<double>& values, std::size_t n) {
        for (std::size_t i = 0; i < values.size(); ++i)
            sums_[i] += (root_[i] ? values[i] * values[i] : values[i]) * static_cast<double>(n);
        count_ += n;
    }
    /// ("loss", mean), (metric name, mean), ...; names prefixed with `prefix` ("val_").
    std::vector<std::pair<std::string, double>> named(const std::string& prefix = "") const {
        std::vector<std::pair<std::string, double>> out;
        for (std::size_t i = 0; i < names_.size(); ++i) {
            const double mean = sums_[i] / static_cast<double>(count_);
            out.emplace_back(prefix + names_[i], root_[i] ? std::sqrt(mean) : mean);
        }
        return out;
    }

private:
    std::vector<std::string> names_;
    std::vector<bool> root_;
    std::vector<double> sums_;
    std::size_t count_ = 0;
};

// The batch's loss followed by each metric on it.
std::vector<double> batch_values(double loss, const std::vector<Metric>& metrics, const Matrix& y,
                                 const Matrix& Y_hat) {
    std::vector<double> values{loss};
    for (const auto& m : metrics) values.push_back(m.fn(y, Y_hat));
    return values;
}
}  // namespace

std::vector<double> Sequential::train_step(const Matrix& X, const Matrix& y, const std::vector<Param>& trainable) {
    // Forward, loss, backward, then the optimizer moves every parameter (not after a NaN or
    // infinite loss: its gradients would spoil every weight). The metrics see the
    // predictions the loss saw, from before the update, as Keras's do.
    Matrix Y_hat;
    const Scalar loss_value = compute_gradients(X, y, true, &Y_hat);
    if (std::isfinite(loss_value)) optimizer_->update(trainable);
    return batch_values(loss_value, metrics_, y, Y_hat);
}

std::vector<double> Sequential::test_step(const Matrix& X, const Matrix& y) {
    const Matrix Y_hat = forward(X, false);
    // Keras's evaluate adds the regularization penalties to the loss too.
    return batch_values(data_loss(y, Y_hat) + regularization_loss(), metrics_, y, Y_hat);
}

std::vector<double> Sequential::train_on_batch(const Matrix& X, const Matrix& y) {
    prepare("train_on_batch", X, y);
    return train_step(X, y, params());
}

std::vector<double> Sequential::test_on_batch(const Matrix& X, const Matrix& y) {
    prepare("test_on_batch", X, y);
    return test_step(X, y);
}

std::vector<std::pair<std::string, double>> Sequential::measure(const Matrix& X, const Matrix& y,
                                                                std::size_t batch_size, ProgressBar* bar) {
    RunningMeans running(metrics_);
    const std::size_t steps = (X.rows() + batch_size - 1) / batch_size;
    for (std::size_t s = 0; s < steps; ++s) {
        const std::size_t begin = s * batch_size, end = std::min(X.rows(), begin + batch_size);
        running.add(test_step(X.slice_rows(begin, end), y.slice_rows(begin, end)), end - begin);
        if (bar) bar->update(s + 1, running.named());
    }
    return running.named();
}

History Sequential::fit(const Matrix& X_in, const Matrix& y_in, const FitOptions& options) {
    prepare("fit", X_in, y_in);
    if (options.batch_size == 0) throw std::invalid_argument(name_ + ".fit: batch_size must be > 0");
    if (!(options.validation_split >= 0.0 && options.validation_split < 1.0))
        throw std::invalid_argument(name_ + ".fit: validation_split must be in [0, 1), got " +
                                    number_text(options.validation_split));

    // Keras's validation_split holds out the last samples, before any shuffling.
    const Matrix* X = &X_in;
    const Matrix* y = &y_in;
    Matrix X_train, y_train;
    std::optional<std::pair<Matrix, Matrix>> validation = options.validation_data;
    if (!validation && options.validation_split > 0.0) {
        // Keras splits at floor(n * (1 - validation_split)).
        const auto n_train = static_cast<std::size_t>(
            std::floor(static_cast<double>(X_in.rows()) * (1.0 - options.validation_split)));
        const std::size_t n_val = X_in.rows() - n_train;
        if (n_val == 0 || n_train == 0)
            throw std::invalid_argument(name_ + ".fit: validation_split " +
                                        number_text(options.validation_split) + " of " +
                                        std::to_string(X_in.rows()) + " samples leaves an empty set");
        X_train = X_in.slice_rows(0, n_train);
        y_train = y_in.slice_rows(0, n_train);
        validation.emplace(X_in.slice_rows(n_train, X_in.rows()), y_in.slice_rows(n_train, y_in.rows()));
        X = &X_train;
        y = &y_train;
    }
    if (validation) check_data("fit (validation_data)", validation->first, validation->second);

    const std::size_t n = X->rows(), bs = options.batch_size;
    const std::size_t steps = (n + bs - 1) / bs;
    History history;
    history.params = {{"verbose", static_cast<std::size_t>(options.verbose)},
                      {"epochs", options.epochs},
                      {"steps", steps}};

    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    // The parameters are the same matrices for the whole fit: list them once, not per step;
    // and every batch is gathered into the same buffers.
    const std::vector<Param> trainable = params();
    std::vector<std::size_t> batch;
    Matrix X_batch, y_batch;
    for (Callback* callback : options.callbacks) callback->on_train_begin(*this);
    bool stop = false;  // Keras's model.stop_training, set by a callback
    for (std::size_t epoch = 0; epoch < options.epochs && !stop; ++epoch) {
        if (options.verbose) std::cout << "Epoch " << epoch + 1 << "/" << options.epochs << "\n";
        if (options.shuffle) order = global_rng().permutation(n);
        ProgressBar bar(steps, options.verbose, std::cout);
        RunningMeans running(metrics_);
        std::size_t s = 0;  // after the loop: the batches run, fewer than steps when stopped
        for (; s < steps && !stop; ++s) {
            const std::size_t begin = s * bs, end = std::min(n, begin + bs);
            batch.assign(order.begin() + begin, order.begin() + end);
            X->gather_rows_into(batch, X_batch);
            y->gather_rows_into(batch, y_batch);
            const std::vector<double> values = train_step(X_batch, y_batch, trainable);
            running.add(values, end - begin);
            if (options.verbose == 1) bar.update(s + 1, running.named());
            if (!options.callbacks.empty()) {
                const auto so_far = running.named();
                const Logs logs(so_far.begin(), so_far.end());
                for (Callback* callback : options.callbacks) stop = callback->on_batch_end(s, logs) || stop;
            }
            // The step skipped its update; without a callback that stopped, training stops here.
            const double batch_loss = values.front();
            if (!std::isfinite(batch_loss) && !stop)
                throw std::runtime_error(name_ + ".fit: the loss became " + number_text(batch_loss) +
                                         " at epoch " + std::to_string(epoch + 1) + ", batch " +
                                         std::to_string(s + 1) + "; training stopped (try a smaller learning rate)");
        }
        auto epoch_values = running.named();
        if (validation)
            for (const auto& [key, value] : measure(validation->first, validation->second, bs, nullptr))
                epoch_values.emplace_back("val_" + key, value);
        bar.finish(s, epoch_values);  // "3/8 [...]" when a callback stopped after batch 3
        history.epoch.push_back(epoch);
        for (const auto& [key, value] : epoch_values) history.history[key].push_back(value);
        const Logs logs(epoch_values.begin(), epoch_values.end());
        for (Callback* callback : options.callbacks) stop = callback->on_epoch_end(epoch, logs, *this) || stop;
    }
    for (Callback* callback : options.callbacks) callback->on_train_end(*this);
    return history;
}

std::vector<double> Sequential::evaluate(const Matrix& X, const Matrix& y, std::size_t batch_size,
                                         int verbose) {
    prepare("evaluate", X, y);
    if (batch_size == 0) throw std::invalid_argument(name_ + ".evaluate: batch_size must be > 0");
    ProgressBar bar((X.rows() + batch_size - 1) / batch_size, verbose, std::cout);
    const auto named = measure(X, y, batch_size, &bar);
    bar.finish(named);
    std::vector<double> values;
    for (const auto& [key, value] : named) values.push_back(value);
    return values;
}

Matrix Sequential::predict(const Matrix& X, std::size_t batch_size) {
    if (batch_size == 0) throw std::invalid_argument(name_ + ".predict: batch_size must be > 0");
    check_finite(name_ + ".predict", "X", X, "inputs");
    if (X.rows() <= batch_size) return forward(X, false);
    Matrix out;
    for (std::size_t begin = 0; begin < X.rows(); begin += batch_size) {
        const Matrix Y_hat = forward(X.slice_rows(begin, std::min(X.rows(), begin + batch_size)), false);
        if (out.empty()) out = Matrix(X.rows(), Y_hat.cols());
        std::copy_n(Y_hat.data(), Y_hat.size(), out.row_ptr(begin));
    }
    return out;
}

void Sequential::summary(std::ostream& out) const {
    for (const auto& layer : layers_)
        if (!layer->built())
            throw std::logic_error(name_ + ".summary: the model is not built yet; give the first layer "
                                           "an InputShape, or call fit/predict first");
    // Keras's table: 65 characters, columns starting at 0, 29 and 55. When a layer's
    // "name (Type)" does not fit its column ("batch_normalization (BatchNormalization)"),
    // the whole table widens so that every column stays aligned (Keras 3 widens its table
    // too; Keras 2 broke the name over two lines).
    std::size_t name_width = 29;
    for (const auto& layer : layers_)
        name_width = std::max(name_width, layer->name().size() + layer->type().size() + 5);
    const std::size_t shape_column = name_width, param_column = name_width + 26, width = name_width + 36;
    auto pad_to = [](std::string& s, std::size_t column) {
        s.resize(std::max(s.size() + (s.size() >= column ? 1 : 0), column), ' ');
    };
    auto row = [&](const std::string& a, const std::string& b, const std::string& c) {
        std::string s = " " + a;
        pad_to(s, shape_column);
        s += b;
        pad_to(s, param_column);
        s += c;
        s.resize(std::max(s.size(), width), ' ');
        return s + "\n";
    };
    const std::string thin(width, '_'), thick(width, '=');
    out << "Model: \"" << name_ << "\"\n" << thin << "\n";
    out << row("Layer (type)", "Output Shape", "Param #") << thick << "\n";
    std::size_t trainable = 0, non_trainable = 0;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        const Layer& l = *layers_[i];
        trainable += l.trainable_count();
        non_trainable += l.non_trainable_count();
        out << row(l.name() + " (" + l.type() + ")", batch_shape_string(l.output_shape()),
                   std::to_string(l.trainable_count() + l.non_trainable_count()));
        out << std::string(width, ' ') << "\n";
    }
    out << thick << "\n";
    out << "Total params: " << with_thousands(trainable + non_trainable) << "\n";
    out << "Trainable params: " << with_thousands(trainable) << "\n";
    out << "Non-trainable params: " << with_thousands(non_trainable) << "\n";
    out << thin << "\n";
}

void Sequential::summary() const { summary(std::cout); }

std::size_t Sequential::count_params() const {
    std::size_t n = 0;
    for (const auto& l : layers_) n += l->trainable_count() + l->non_trainable_count();
    return n;
}

std::vector<Matrix> Sequential::get_weights() const {
    std::vector<Matrix> all;
    for (const auto& l : layers_)
        for (Matrix& w : l->get_weights()) all.push_back(std::move(w));
    return all;
}

void Sequential::set_weights(const std::vector<Matrix>& weights) {
    std::size_t expected = 0;
    for (const auto& l : layers_) expected += l->get_weights().size();
    if (weights.size() != expected)
        throw std::invalid_argument(name_ + ".set_weights: expected " + std::to_string(expected) +
                                    " matrices, got " + std::to_string(weights.size()));
    // All or nothing: a shape that does not fit puts back the weights already replaced.
    const std::vector<Matrix> before = get_weights();
    auto assign = [&](const std::vector<Matrix>& w) {
        std::size_t k = 0;
        for (const auto& l : layers_) {
            const std::size_t count = l->get_weights().size();
            l->set_weights(std::vector<Matrix>(w.begin() + k, w.begin() + k + count));
            k += count;
        }
    };
    try {
        assign(weights);
    } catch (...) {
        assign(before);
        throw;
    }
    // Weights can build the first layer (a model without InputShape); build the rest from it.
    if (layers_.front()->built()) build(layers_.front()->input_shape());
}

std::vector<Layer*> Sequential::layers() const {
    std::vector<Layer*> out;
    for (const auto& l : layers_) out.push_back(l.get());
    return out;
}

Layer& Sequential::layer(std::size_t i) const {
    if (i >= layers_.size())
        throw std::out_of_range(name_ + ".layer(" + std::to_string(i) + "): the model has " +
                                std::to_string(layers_.size()) + " layers");
    return *layers_[i];
}

}  // namespace neurona
