#include "nudged/message.h"

#include <array>
#include <utility>

namespace nudged {
namespace {

constexpr std::array<std::pair<Channel, std::string_view>, 4> kChannels = {{
    {Channel::kSms, "sms"},
    {Channel::kVoice, "voice"},
    {Channel::kEmail, "email"},
    {Channel::kLetter, "letter"},
}};

constexpr std::array<std::pair<MessageKind, std::string_view>, 3> kKinds = {{
    {MessageKind::kInitial, "initial"},
    {MessageKind::kRecurring, "recurring"},
    {MessageKind::kPraise, "praise"},
}};

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& table,
                        Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return "?";
}

template <typename Enum, size_t N>
std::optional<Enum> Parse(const std::array<std::pair<Enum, std::string_view>, N>& table,
                          std::string_view name) {
  for (const auto& [value, candidate] : table) {
    if (candidate == name) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ChannelName(Channel channel) { return NameOf(kChannels, channel); }
std::optional<Channel> ParseChannel(std::string_view name) { return Parse(kChannels, name); }
std::string_view MessageKindName(MessageKind kind) { return NameOf(kKinds, kind); }
std::optional<MessageKind> ParseMessageKind(std::string_view name) { return Parse(kKinds, name); }

}  // namespace nudged
