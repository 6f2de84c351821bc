// Vocabulary of messages shared by the planner, the renderer, the outbox and the provider:
// the channels a message can go by and the kinds of message. The names are stored in the
// database and written in the configuration: never change one.

#ifndef NUDGED_MESSAGE_H_
#define NUDGED_MESSAGE_H_

#include <optional>
#include <string_view>

namespace nudged {

enum class Channel { kSms, kVoice, kEmail, kLetter };

// The kind of a message: the student's first of the year, a later one, or praise for a
// period with at most the praise threshold of absences.
enum class MessageKind { kInitial, kRecurring, kPraise };

// Returns "sms", "voice", "email" or "letter".
std::string_view ChannelName(Channel channel);
std::optional<Channel> ParseChannel(std::string_view name);

// Returns "initial", "recurring" or "praise".
std::string_view MessageKindName(MessageKind kind);
std::optional<MessageKind> ParseMessageKind(std::string_view name);

}  // namespace nudged

#endif  // NUDGED_MESSAGE_H_
