// read_csv and read_sklearn_csv on small files written by the tests: the good cases and
// each error, whose message must name the file, the line and the column.
#include "neurona/data/csv.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace neurona;

namespace {

class Csv : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("neurona_csv_test_" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // Writes `text` to a file of the test directory and returns its path.
    std::string write(const std::string& name, const std::string& text) {
        const std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    // The message of the std::runtime_error that f throws ("" and a failure if none).
    template <class F>
    std::string error_of(F&& f) {
        try {
            f();
        } catch (const std::runtime_error& e) {
            return e.what();
        }
        ADD_FAILURE() << "expected std::runtime_error";
        return "";
    }

    std::filesystem::path dir_;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_F(Csv, ReadsNamedColumns) {
    const auto path = write("houses.csv", "\"RM\", LSTAT ,MEDV\r\n6.5,4.98,24\r\n\r\n6.4,9.14,21.6\r\n-1e-2,+3,.5\n");
    const CsvTable t = read_csv(path);
    ASSERT_EQ(t.names, (std::vector<std::string>{"RM", "LSTAT", "MEDV"}));
    EXPECT_EQ(t.rows(), 3u);
    EXPECT_EQ(t.cols(), 3u);
    EXPECT_TRUE(allclose(t.data, Matrix{{6.5, 4.98, 24}, {6.4, 9.14, 21.6}, {-0.01, 3, 0.5}}));
    EXPECT_TRUE(allclose(t.column("MEDV"), Matrix{{24}, {21.6}, {0.5}}));
    EXPECT_TRUE(allclose(t.columns({"MEDV", "RM"}), Matrix{{24, 6.5}, {21.6, 6.4}, {0.5, -0.01}}));
    EXPECT_TRUE(allclose(t.drop({"MEDV"}), Matrix{{6.5, 4.98}, {6.4, 9.14}, {-0.01, 3}}));
    EXPECT_EQ(t.names_without({"LSTAT"}), (std::vector<std::string>{"RM", "MEDV"}));
    EXPECT_EQ(t.index("LSTAT"), 1u);
}

TEST_F(Csv, UnknownColumnListsTheKnownOnes) {
    const CsvTable t = read_csv(write("t.csv", "a,b\n1,2\n"));
    for (auto call : {+[](const CsvTable& table) { table.column("c"); }, +[](const CsvTable& table) { table.drop({"c"}); },
                      +[](const CsvTable& table) { table.columns({"a", "c"}); }}) {
        try {
            call(t);
            ADD_FAILURE() << "expected std::invalid_argument";
        } catch (const std::invalid_argument& e) {
            EXPECT_TRUE(contains(e.what(), "no column 'c'")) << e.what();
            EXPECT_TRUE(contains(e.what(), "a, b")) << e.what();
        }
    }
}

TEST_F(Csv, SkipRowsDelimiterAndNoHeader) {
    const auto path = write("meta.csv", "2,2,,\nx;y;z\n1;2;3\n4;5;6\n");
    const CsvTable t = read_csv(path, {.delimiter = ';', .skip_rows = 1});
    EXPECT_EQ(t.names, (std::vector<std::string>{"x", "y", "z"}));
    EXPECT_TRUE(allclose(t.data, Matrix{{1, 2, 3}, {4, 5, 6}}));

    const auto bare = write("bare.csv", "1,2\n3,4\n");
    const CsvTable numbered = read_csv(bare, {.header = false});
    EXPECT_EQ(numbered.names, (std::vector<std::string>{"0", "1"}));
    EXPECT_TRUE(allclose(numbered.data, Matrix{{1, 2}, {3, 4}}));
    const CsvTable named = read_csv(bare, {.header = false, .names = {"x", "y"}});
    EXPECT_TRUE(allclose(named.column("y"), Matrix{{2}, {4}}));
    EXPECT_TRUE(contains(error_of([&] { read_csv(bare, {.header = false, .names = {"x"}}); }), "1 names"));
}

TEST_F(Csv, MissingFile) {
    const std::string path = (dir_ / "nowhere.csv").string();
    EXPECT_EQ(error_of([&] { read_csv(path); }), path + ": cannot open the CSV file");
}

TEST_F(Csv, MissingValueNamesFileLineAndColumn) {
    const auto path = write("gap.csv", "a,b,c\n1,2,3\n4,,6\n");
    EXPECT_EQ(error_of([&] { read_csv(path); }), path + ":3: column 'b': missing value (empty field)");
    const auto na = write("na.csv", "a,b\n1,NaN\n");
    EXPECT_EQ(error_of([&] { read_csv(na); }), na + ":2: column 'b': missing value ('NaN')");
}

TEST_F(Csv, NonNumberQuotesTheText) {
    const auto path = write("text.csv", "a,b\n1,2\n\n3,4x\n");  // the blank line still counts
    EXPECT_EQ(error_of([&] { read_csv(path); }), path + ":4: column 'b': not a finite number: '4x'");
    const auto inf = write("inf.csv", "a\ninf\n");
    EXPECT_TRUE(contains(error_of([&] { read_csv(inf); }), "not a finite number: 'inf'"));
}

TEST_F(Csv, RaggedRowSaysExpectedAndFound) {
    const auto path = write("ragged.csv", "a,b,c\n1,2,3\n4,5\n");
    EXPECT_EQ(error_of([&] { read_csv(path); }), path + ":3: expected 3 fields, found 2");
}

TEST_F(Csv, BadHeadersAndEmptyFiles) {
    EXPECT_TRUE(contains(error_of([&] { read_csv(write("dup.csv", "a,b,a\n1,2,3\n")); }), "names column 'a' twice"));
    EXPECT_TRUE(contains(error_of([&] { read_csv(write("meta2.csv", "3,2,,\na,b,c,d\n")); }), "skip_rows"));
    EXPECT_TRUE(contains(error_of([&] { read_csv(write("only_header.csv", "a,b\n")); }), "no data rows"));
    EXPECT_TRUE(contains(error_of([&] { read_csv(write("empty.csv", "")); }), "no header"));
}

TEST_F(Csv, ByteOrderMarkAndEveryLineEnd) {
    // A UTF-8 byte-order mark (Excel's "CSV UTF-8") is not part of the first column's name.
    const CsvTable bom = read_csv(write("bom.csv", "\xEF\xBB\xBF" "a,b\n1,2\n"));
    EXPECT_EQ(bom.names, (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(allclose(bom.column("a"), Matrix{{1}}));
    // Lines ending in a lone CR (old Mac OS, Excel for Mac), counted as an editor counts them.
    const auto cr = write("cr.csv", "a,b\r1,2\r\r3,4\r");
    const CsvTable t = read_csv(cr);
    EXPECT_EQ(t.names, (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(allclose(t.data, Matrix{{1, 2}, {3, 4}}));
    const auto cr_bad = write("cr_bad.csv", "a,b\r1,2\r\r3,x\r");
    EXPECT_EQ(error_of([&] { read_csv(cr_bad); }), cr_bad + ":4: column 'b': not a finite number: 'x'");
    // The three line ends mixed, and scikit-learn's layout with a mark and CR line ends.
    EXPECT_TRUE(allclose(read_csv(write("mixed.csv", "a\r\n1\n2\r3")).data, Matrix{{1}, {2}, {3}}));
    const SklearnCsv iris = read_sklearn_csv(write("iris_cr.csv", "\xEF\xBB\xBF" "2,1,x,y\r5.1,0\r4.9,1\r"));
    EXPECT_EQ(iris.target_names, (std::vector<std::string>{"x", "y"}));
    EXPECT_TRUE(allclose(iris.table.data, Matrix{{5.1, 0}, {4.9, 1}}));
}

TEST_F(Csv, AFolderIsNamed) {
    EXPECT_EQ(error_of([&] { read_csv(dir_.string()); }), dir_.string() + ": cannot open the CSV file: it is a folder");
}

TEST_F(Csv, RepeatedNamesAreFoundFastAndTheFirstIsReported) {
    EXPECT_TRUE(contains(error_of([&] { read_csv(write("abba.csv", "a,b,b,a\n1,2,3,4\n")); }),
                         "names column 'b' twice (columns 2 and 3)"));
    // 200,000 columns: a comparison of every pair took 47 s; sorting takes milliseconds.
    std::string header;
    for (int i = 0; i < 200000; ++i) header.append("c").append(std::to_string(i)).append(",");
    header += "c5\n";
    const auto path = write("wide.csv", header + "1\n");
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(error_of([&] { read_csv(path); }), path + ":1: the header names column 'c5' twice (columns 6 and 200001)");
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
}

// The layout of scikit-learn's iris.csv / wine_data.csv / breast_cancer.csv (no header) and
// of boston_house_prices.csv (a header), in miniature.
TEST_F(Csv, SklearnFormatWithoutHeader) {
    const auto path = write("iris.csv", "3,2,setosa,versicolor\n5.1,3.5,0\n4.9,3.0,0\n6.3,3.3,1\n");
    const SklearnCsv iris = read_sklearn_csv(path);
    EXPECT_EQ(iris.table.names, (std::vector<std::string>{"feature_0", "feature_1", "target"}));
    EXPECT_EQ(iris.target_names, (std::vector<std::string>{"setosa", "versicolor"}));
    EXPECT_TRUE(allclose(iris.table.column("target"), Matrix{{0}, {0}, {1}}));
    const SklearnCsv named = read_sklearn_csv(path, {"sepal length (cm)", "sepal width (cm)"});
    EXPECT_TRUE(allclose(named.table.column("sepal width (cm)"), Matrix{{3.5}, {3.0}, {3.3}}));
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(path, {"only one"}); }), "1 feature names"));
}

TEST_F(Csv, SklearnFormatWithHeader) {
    const auto path = write("boston.csv", "2,2,,\n\"CRIM\",\"ZN\",\"MEDV\"\n0.00632,18,24\n0.02731,0,21.6\n");
    const SklearnCsv boston = read_sklearn_csv(path);
    EXPECT_EQ(boston.table.names, (std::vector<std::string>{"CRIM", "ZN", "MEDV"}));
    EXPECT_TRUE(boston.target_names.empty());
    EXPECT_TRUE(allclose(boston.table.drop({"MEDV"}), Matrix{{0.00632, 18}, {0.02731, 0}}));
}

TEST_F(Csv, SklearnFormatChecksTheCounts) {
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(write("a.csv", "3,1\n1,0\n2,1\n")); }),
                         "announces 3 samples, but the file has 2 rows"));
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(write("b.csv", "1,2\n1,0\n")); }),
                         ":2: the metadata line announces 2 features (+ 1 target column), but the row has 2 fields"));
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(write("c.csv", "x,y\n1,0\n")); }), "sample count is 'x'"));
}

TEST_F(Csv, SklearnMetadataCountsAreCheckedAgainstTheFile) {
    // Not whole numbers: named with the file, the line and the value (1e300 was a float cast
    // to size_t, undefined behaviour).
    for (const std::string count : {"1e300", "4.0", "-1", "0x10", "99999999999999999999999"}) {
        const auto path = write("meta.csv", "1," + count + "\n1,0\n");
        const std::string message = error_of([&] { read_sklearn_csv(path); });
        EXPECT_TRUE(contains(message, path + ":1: ")) << message;
        EXPECT_TRUE(contains(message, "the feature count is '" + count + "', expected a whole number")) << message;
    }
    // More features than the file can hold: refused before anything is allocated for them
    // (0,100000000000000 grew memory without bound; the 9 bytes of 0,100000 took 10 s).
    for (const std::string count : {"100000", "100000000000000"}) {
        const auto path = write("huge.csv", "0," + count);
        const auto start = std::chrono::steady_clock::now();
        EXPECT_EQ(error_of([&] { read_sklearn_csv(path); }),
                  path + ":1: the metadata line announces " + count + " features, more than the file can hold: a row of " +
                      count + " + 1 fields takes at least twice as many bytes, and the file has " +
                      std::to_string(2 + count.size()));
        EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
    }
    const auto samples = write("samples.csv", "99999999999,1\n1,0\n");
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(samples); }),
                         samples + ":1: the metadata line announces 99999999999 samples of 1 features, more than the file's 18 bytes can hold"));
    const auto no_features = write("zero.csv", "1,0\n0\n");
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(no_features); }), ":1: the metadata line announces 0 features"));
}

TEST_F(Csv, EmptyDataIsRefused) {
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(write("e1.csv", "0,1\n")); }), "no data rows"));
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(write("e2.csv", "0,1,,\n\"a\",\"b\"\n")); }),
                         "no data rows after the header"));
    EXPECT_TRUE(contains(error_of([&] { read_sklearn_csv(write("e3.csv", "\n\n")); }), "the file is empty"));
    EXPECT_TRUE(contains(error_of([&] { read_csv(write("e4.csv", "\xEF\xBB\xBF")); }), "no header"));
}

TEST(CsvNumbers, ANumberTooLargeForTheScalarIsRefused) {
    const std::string path = (std::filesystem::temp_directory_path() / "neurona_csv_overflow.csv").string();
    std::ofstream(path) << "a,b\n1,2\n3,1e39\n";
    if (sizeof(Scalar) == sizeof(float)) {
        try {
            read_csv(path);
            FAIL() << "1e39 read as a float";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("1e39"), std::string::npos) << e.what();
        }
    }
    std::filesystem::remove(path);
}
