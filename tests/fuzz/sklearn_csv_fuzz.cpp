// Fuzz harness: read_sklearn_csv (src/neurona/data/csv.*), scikit-learn's CSV layout (a
// metadata line "samples,features[,class names...]", an optional header, the rows). The
// input is one file. Properties checked beside "no crash": the table has the announced
// features plus the target, and every value is finite.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "neurona/data/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::write_file("input.csv", data, size);
    fuzz::expect_only_documented_errors([&] {
        const neurona::SklearnCsv s = neurona::read_sklearn_csv(path);
        const neurona::CsvTable& t = s.table;
        FUZZ_CHECK(t.data.cols() == t.names.size() && !t.names.empty());
        for (std::size_t i = 0; i < t.data.size(); ++i) FUZZ_CHECK(std::isfinite(t.data.data()[i]));
    });
    return 0;
}
