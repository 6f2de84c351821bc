// Implementation details: OpenSSL's one-shot HMAC() and EVP_EncodeBlock() do the work; the
// signed text is built once in a string.

#include "http/twilio_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

namespace nudged {
namespace {

std::string Base64(const unsigned char* data, size_t size) {
  std::string encoded(4 * ((size + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), data,
                                      static_cast<int>(size));
  encoded.resize(static_cast<size_t>(written));
  return encoded;
}

// Returns "scheme://authority" of `url`, or `url` whole when it has no path.
std::string_view SchemeAndAuthority(std::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return url;
  const size_t path = url.find_first_of("/?#", scheme_end + 3);
  return path == std::string_view::npos ? url : url.substr(0, path);
}

}  // namespace

std::string TwilioSignature(std::string_view auth_token, std::string_view url,
                            const std::vector<FormField>& params) {
  std::vector<FormField> sorted = params;
  std::sort(sorted.begin(), sorted.end());
  std::string text(url);
  for (const FormField& field : sorted) text += field.first + field.second;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  HMAC(EVP_sha1(), auth_token.data(), static_cast<int>(auth_token.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest, &digest_size);
  return Base64(digest, digest_size);
}

bool ValidTwilioSignature(std::string_view auth_token, std::string_view url,
                          const std::vector<FormField>& params, std::string_view signature) {
  const std::string expected = TwilioSignature(auth_token, url, params);
  // Lengths are public (always 28 for SHA-1); only the content is compared in constant time.
  return !signature.empty() && signature.size() == expected.size() &&
         CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0;
}

std::string SignedUrl(std::string_view public_url, std::string_view status_callback_url,
                      std::string_view target) {
  std::string_view base = public_url.empty() ? SchemeAndAuthority(status_callback_url) : public_url;
  if (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return std::string(base) + std::string(target);
}

}  // namespace nudged
