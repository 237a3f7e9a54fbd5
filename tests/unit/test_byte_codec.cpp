// encode/decode round trips for each of the three wire forms.

#include <complex>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <runtime/detail/byte_codec.hpp>

using namespace qzone::detail;

namespace {

template<typename T>
T round_trip(const T& value) {
    const EncodedBytes bytes = encode(value);
    return decode<T>(bytes.data(), bytes.size());
}

struct Pod {
    int a;
    double b;
};

} // namespace

TEST(ByteCodec, TraitsChooseTheWireForm) {
    static_assert(is_raw_bytes_v<int> && is_raw_bytes_v<std::complex<double>> && is_raw_bytes_v<Pod>);
    static_assert(!is_raw_bytes_v<std::string> && is_contiguous_raw_v<std::string>);
    static_assert(is_contiguous_raw_v<std::vector<double>> && !is_contiguous_raw_v<std::vector<bool>>);
    static_assert(!is_contiguous_raw_v<std::vector<std::string>>);
}

TEST(ByteCodec, RawValuesBorrowTheirStorage) {
    const double value = 2.5;
    const EncodedBytes bytes = encode(value);
    EXPECT_EQ(bytes.data(), static_cast<const void*>(&value));
    EXPECT_EQ(bytes.size(), sizeof(double));
    const Pod pod = round_trip(Pod{7, -1.25});
    EXPECT_EQ(pod.a, 7);
    EXPECT_EQ(pod.b, -1.25);
}

TEST(ByteCodec, ContiguousContainersTravelAsTheirElements) {
    const std::vector<std::complex<double>> values{{1, 2}, {3, -4}};
    EXPECT_EQ(encode(values).size(), 2 * sizeof(std::complex<double>));
    EXPECT_EQ(round_trip(values), values);
    EXPECT_EQ(round_trip(std::string("qzone\0bytes", 11)), std::string("qzone\0bytes", 11));
    EXPECT_EQ(round_trip(std::string()), std::string());
}

TEST(ByteCodec, OtherTypesGoThroughCereal) {
    const std::map<std::string, std::vector<bool>> value{{"a", {true, false}}, {"b", {}}};
    EXPECT_EQ(round_trip(value), value);
    const std::vector<std::string> strings{"", "x", "longer string"};
    EXPECT_EQ(round_trip(strings), strings);
}

TEST(ByteCodec, WrongSizesAndCorruptArchivesThrow) {
    const int value = 3;
    EXPECT_THROW(decode<double>(&value, sizeof(int)), qzone::Error);
    EXPECT_THROW(decode<std::vector<double>>(&value, 3), qzone::Error);
    const char garbage[] = {1, 0, 0, 0, 0, 0, 0, 0, 'x'}; // claims 1 string of a huge length
    const char truncated[] = {5, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_THROW(decode<std::vector<std::string>>(truncated, sizeof(truncated)), qzone::Error);
    EXPECT_THROW((decode<std::map<std::string, int>>(garbage, sizeof(garbage))), qzone::Error);
}
