// The smart-HTTP subtransport on libcurl (see transport.h).
//
// Git's smart HTTP protocol for fetching is two kinds of request:
// GET <repo>/info/refs?service=git-upload-pack (the ref advertisement) and
// POST <repo>/git-upload-pack (a negotiation round or the pack), each
// answered with a body of its own content type. libgit2 drives it as an
// RPC subtransport: action() opens a stream per request, write() hands us
// the request body, read() pulls the response. We run each request on a
// curl multi handle so that read() returns as soon as data arrives (the pack
// streams into libgit2's indexer instead of into memory), and one multi
// handle per operation keeps the connection alive across requests.
//
// Redirects: as git's default http.followRedirects=initial, only the ref
// advertisement follows them (https never to http), and the later POSTs go
// to the URL it was finally served from.
#include <curl/curl.h>

#include <cstring>
#include <mutex>
#include <string>

#include "source/transport.h"

namespace gitops::source {
namespace {

constexpr std::string_view kInfoRefs = "/info/refs?service=git-upload-pack";

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string HostOf(std::string_view url) {
  std::string redacted = RedactUrl(url);
  size_t start = redacted.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = redacted.find('/', start);
  return redacted.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

struct HttpSubtransport;

struct HttpStream {
  git_smart_subtransport_stream parent;  // first: libgit2 hands us this pointer
  HttpSubtransport* owner = nullptr;
  git_smart_service_t service = GIT_SERVICE_UPLOADPACK_LS;
  std::string url;  // the request's URL, without userinfo
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string request_body;
  std::string buffer;  // response bytes not yet read by libgit2
  size_t buffer_pos = 0;
  bool started = false;
  bool done = false;
  bool response_checked = false;
  bool failed = false;
  bool proxy_asked = false;  // a 407 came back during this request's auth exchange
  char errbuf[CURL_ERROR_SIZE] = {};
};

struct HttpSubtransport {
  git_smart_subtransport parent;  // first
  RemoteTransport* transport = nullptr;
  CURLM* multi = nullptr;
  std::string base_url;                    // the repository URL requests go to (after a redirect)
  std::string requested_url;               // the URL libgit2 asked for, without userinfo
  std::string url_username, url_password;  // userinfo of the URL, if any
};

// The URL without userinfo; userinfo (percent-decoded) into *user/*password.
bool SplitUserinfo(const std::string& url, std::string* clean, std::string* user,
                   std::string* password) {
  CURLU* u = curl_url();
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    curl_url_cleanup(u);
    return false;
  }
  char* part = nullptr;
  if (curl_url_get(u, CURLUPART_USER, &part, CURLU_URLDECODE) == CURLUE_OK && part) {
    *user = part;
    curl_free(part);
  }
  part = nullptr;
  if (curl_url_get(u, CURLUPART_PASSWORD, &part, CURLU_URLDECODE) == CURLUE_OK && part) {
    *password = part;
    curl_free(part);
  }
  curl_url_set(u, CURLUPART_USER, nullptr, 0);
  curl_url_set(u, CURLUPART_PASSWORD, nullptr, 0);
  part = nullptr;
  bool ok = curl_url_get(u, CURLUPART_URL, &part, 0) == CURLUE_OK;
  if (ok) *clean = part;
  curl_free(part);
  curl_url_cleanup(u);
  return ok;
}

std::string TrimSlash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

const char* ExpectedContentType(git_smart_service_t service) {
  switch (service) {
    case GIT_SERVICE_UPLOADPACK_LS:
      return "application/x-git-upload-pack-advertisement";
    case GIT_SERVICE_UPLOADPACK:
      return "application/x-git-upload-pack-result";
    case GIT_SERVICE_RECEIVEPACK_LS:
      return "application/x-git-receive-pack-advertisement";
    case GIT_SERVICE_RECEIVEPACK:
      return "application/x-git-receive-pack-result";
  }
  return "";
}

RemoteTransport& Transport(HttpStream* s) { return *s->owner->transport; }

// Whether the proxy settings carry credentials (fields or the address's userinfo).
bool ProxyHasCredentials(const ProxyConfig& proxy) {
  return !proxy.username.empty() || !proxy.password.empty() ||
         RedactUrl(proxy.address) != proxy.address;
}

// The error for a 407 that ended a request, whether the answer to the
// request itself (http://) or to its CONNECT (https:// through the proxy).
Status ProxyAuthenticationError(const ProxyConfig& proxy, const std::string& where) {
  std::string which = proxy.address.empty() ? "the proxy (from the environment)"
                                            : "the proxy " + RedactUrl(proxy.address);
  return PermissionDeniedError(
      !ProxyHasCredentials(proxy)
          ? "proxy authentication required: " + which + " asked for credentials for " + where +
                " (HTTP 407) and none were given (the proxy Secret's username and password)"
          : "proxy authentication failed: " + which + " refused the username and password for " +
                where + " (HTTP 407)");
}

// Notes a 407 among the responses of a request (libcurl answers it itself
// with the proxy credentials, so only the status lines show it).
size_t HeaderCallback(char* data, size_t size, size_t nmemb, void* userdata) {
  auto* s = static_cast<HttpStream*>(userdata);
  std::string_view line(data, size * nmemb);
  if (line.substr(0, 5) == "HTTP/") {
    size_t space = line.find(' ');
    if (space != std::string_view::npos && line.substr(space + 1, 3) == "407") {
      s->proxy_asked = true;
    }
  }
  return size * nmemb;
}

// Checks the response's status and content type once its headers are in;
// false (with the error recorded) when the body must not reach libgit2.
bool CheckResponse(HttpStream* s) {
  if (s->response_checked) return !s->failed;
  s->response_checked = true;
  long code = 0;
  curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &code);
  const TransportSettings& settings = Transport(s).settings();
  const GitCredentials& c = settings.credentials;
  std::string where = RedactUrl(s->owner->requested_url);
  Status error;
  bool have_credentials = !c.username.empty() || !c.password.empty() || !c.bearer_token.empty() ||
                          !s->owner->url_username.empty();
  if (code == 401 && s->proxy_asked && ProxyHasCredentials(settings.proxy)) {
    // The proxy asked for its credentials (407) and then a 401 came: either
    // the proxy refused them (tinyproxy, for one, answers wrong proxy
    // credentials with 401 rather than 407) or the repository wants its own.
    error = PermissionDeniedError(
        "authentication failed for " + where + " (HTTP 401 through the proxy " +
        RedactUrl(settings.proxy.address) +
        ", which asked for proxy authentication): the proxy's username or password is wrong "
        "(some proxies, tinyproxy among them, answer wrong proxy credentials with 401), or the "
        "repository needs credentials of its own" +
        (have_credentials ? "" : " (none given: username/password or bearerToken)"));
  } else if (code == 401) {
    error = PermissionDeniedError(
        have_credentials ? "authentication failed for " + where + " (HTTP 401)"
                         : "authentication required for " + where +
                               " (HTTP 401): no credentials given (username/password or "
                               "bearerToken)");
  } else if (code == 403) {
    error = PermissionDeniedError("access denied to " + where + " (HTTP 403)");
  } else if (code == 407) {
    error = ProxyAuthenticationError(settings.proxy, where);
  } else if (code == 404) {
    error = NotFoundError("repository not found: " + where + " (HTTP 404)");
  } else if (code >= 500) {
    error = UnavailableError("server error for " + where + " (HTTP " + std::to_string(code) + ")");
  } else if (code != 200) {
    error = UnavailableError("unexpected HTTP " + std::to_string(code) + " from " + where);
  } else {
    char* type = nullptr;
    curl_easy_getinfo(s->easy, CURLINFO_CONTENT_TYPE, &type);
    std::string_view expected = ExpectedContentType(s->service);
    std::string_view got = type != nullptr ? type : "";
    if (got.substr(0, expected.size()) != expected) {
      error = FailedPreconditionError(where +
                                      " is not a smart Git HTTP server: expected content type " +
                                      std::string(expected) + ", got \"" + std::string(got) +
                                      "\" (dumb HTTP is not supported)");
    }
  }
  if (!error.ok()) {
    s->failed = true;
    Transport(s).Fail(std::move(error), code == 401 || code == 407 ? GIT_EAUTH : -1);
    return false;
  }
  return true;
}

size_t WriteCallback(char* data, size_t size, size_t nmemb, void* userdata) {
  auto* s = static_cast<HttpStream*>(userdata);
  if (!CheckResponse(s)) return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  s->buffer.append(data, size * nmemb);
  return size * nmemb;
}

int XferInfoCallback(void* userdata, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* s = static_cast<HttpStream*>(userdata);
  Status status = Transport(s).CheckInterrupt();
  if (status.ok()) return 0;
  s->failed = true;
  Transport(s).Fail(std::move(status));
  return 1;  // CURLE_ABORTED_BY_CALLBACK
}

// The error for a transfer that ended with `result`.
Status TransferError(HttpStream* s, CURLcode result) {
  std::string host = HostOf(s->url);
  std::string where = RedactUrl(s->owner->requested_url);
  std::string detail = s->errbuf[0] != '\0' ? s->errbuf : curl_easy_strerror(result);
  const GitCredentials& c = Transport(s).settings().credentials;
  long connect_code = 0;  // the proxy's answer to CONNECT (libcurl fails the transfer on a 407)
  curl_easy_getinfo(s->easy, CURLINFO_HTTP_CONNECTCODE, &connect_code);
  if (connect_code == 407) return ProxyAuthenticationError(Transport(s).settings().proxy, where);
  switch (result) {
    case CURLE_OPERATION_TIMEDOUT:
      return TimeoutError("timed out fetching " + where + ": " + detail);
    case CURLE_COULDNT_RESOLVE_PROXY:
      return UnavailableError("cannot resolve the proxy for " + where + ": " + detail);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT: {
      const std::string& proxy = Transport(s).settings().proxy.address;
      if (!proxy.empty()) {
        return UnavailableError("cannot connect to " + host + " through the proxy " +
                                RedactUrl(proxy) + ": " + detail);
      }
      return UnavailableError("cannot connect to " + host + " for " + where + ": " + detail);
    }
    case CURLE_PEER_FAILED_VERIFICATION:
      return PermissionDeniedError("TLS: the certificate of " + host + " is not trusted" +
                                   (c.ca_crt.empty() ? "" : " by the given ca.crt") + ": " +
                                   detail);
    case CURLE_SSL_CERTPROBLEM:
      return InvalidArgumentError("TLS: the client certificate for " + host +
                                  " (tls.crt/tls.key) cannot be used: " + detail);
    case CURLE_SSL_CACERT_BADFILE:
      return InvalidArgumentError("TLS: ca.crt for " + host + " cannot be read: " + detail);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR: {
      bool alert = detail.find("alert") != std::string::npos;
      // "alert unknown ca" is what OpenSSL's server sends for a client
      // certificate from a CA it does not trust.
      bool cert_alert = detail.find("certificate") != std::string::npos ||
                        detail.find("unknown ca") != std::string::npos ||
                        detail.find("handshake failure") != std::string::npos;
      if (alert && cert_alert) {
        return PermissionDeniedError(
            "TLS: " + host + " refused the connection's client certificate" +
            (c.tls_crt.empty() ? " (none given: the server requires tls.crt and tls.key)" : "") +
            ": " + detail);
      }
      if (result == CURLE_SSL_CONNECT_ERROR) {
        return UnavailableError("TLS handshake with " + host + " failed: " + detail);
      }
      return UnavailableError("connection to " + host + " lost while fetching " + where + ": " +
                              detail);
    }
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return UnavailableError("connection to " + host + " lost while fetching " + where + ": " +
                              detail);
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return FailedPreconditionError("redirect refused for " + where + ": " + detail);
    default:
      return UnavailableError("fetching " + where + " failed: " + detail);
  }
}

void SetBlob(CURL* easy, CURLoption option, const std::string& data) {
  curl_blob blob{const_cast<char*>(data.data()), data.size(), CURL_BLOB_COPY};
  curl_easy_setopt(easy, option, &blob);
}

// Creates and configures the easy handle of `s` and adds it to the multi.
int StartRequest(HttpStream* s) {
  RemoteTransport& transport = Transport(s);
  const TransportSettings& settings = transport.settings();
  const GitCredentials& c = settings.credentials;
  if (Status st = transport.CheckInterrupt(); !st.ok()) return transport.Fail(std::move(st));
  CURL* e = curl_easy_init();
  if (e == nullptr) return transport.Fail(InternalError("curl_easy_init failed"));
  s->easy = e;
  s->started = true;
  curl_easy_setopt(e, CURLOPT_URL, s->url.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, s->errbuf);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, WriteCallback);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, s);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, HeaderCallback);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, s);
  curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, XferInfoCallback);
  curl_easy_setopt(e, CURLOPT_XFERINFODATA, s);
  curl_easy_setopt(e, CURLOPT_USERAGENT, settings.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl decodes (gzip...)
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  if (settings.stall_timeout.count() > 0) {
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(settings.stall_timeout.count()));
  }
  if (settings.timeout.count() > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        transport.deadline() - std::chrono::steady_clock::now());
    long ms = std::max<long>(1, static_cast<long>(left.count()));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, ms);
  }

  // Credentials: the Secret's, else the URL's userinfo. libcurl sends them
  // only to the host they were given for (no CURLOPT_UNRESTRICTED_AUTH).
  if (!c.bearer_token.empty()) {
    curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
    curl_easy_setopt(e, CURLOPT_XOAUTH2_BEARER, c.bearer_token.c_str());
  } else if (!c.username.empty() || !c.password.empty()) {
    curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(e, CURLOPT_USERNAME, c.username.c_str());
    curl_easy_setopt(e, CURLOPT_PASSWORD, c.password.c_str());
  } else if (!s->owner->url_username.empty() || !s->owner->url_password.empty()) {
    curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(e, CURLOPT_USERNAME, s->owner->url_username.c_str());
    curl_easy_setopt(e, CURLOPT_PASSWORD, s->owner->url_password.c_str());
  }

  // TLS: ca.crt replaces the system's trust store, as credentials.h says.
  if (!c.ca_crt.empty()) {
    SetBlob(e, CURLOPT_CAINFO_BLOB, c.ca_crt);
    curl_easy_setopt(e, CURLOPT_CAPATH, nullptr);
  }
  if (!c.tls_crt.empty()) {
    SetBlob(e, CURLOPT_SSLCERT_BLOB, c.tls_crt);
    SetBlob(e, CURLOPT_SSLKEY_BLOB, c.tls_key);
    curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
  }

  const ProxyConfig& proxy = settings.proxy;
  if (!proxy.address.empty()) {
    curl_easy_setopt(e, CURLOPT_PROXY, proxy.address.c_str());
    if (!proxy.username.empty() || !proxy.password.empty()) {
      curl_easy_setopt(e, CURLOPT_PROXYAUTH, CURLAUTH_ANY);
      curl_easy_setopt(e, CURLOPT_PROXYUSERNAME, proxy.username.c_str());
      curl_easy_setopt(e, CURLOPT_PROXYPASSWORD, proxy.password.c_str());
    }
  }

  s->headers = curl_slist_append(s->headers, "Pragma: no-cache");
  if (s->service == GIT_SERVICE_UPLOADPACK_LS || s->service == GIT_SERVICE_RECEIVEPACK_LS) {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 20L);
    bool https = s->url.compare(0, 8, "https://") == 0;
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
  } else {
    bool upload = s->service == GIT_SERVICE_UPLOADPACK;
    s->headers = curl_slist_append(s->headers,
                                   upload ? "Content-Type: application/x-git-upload-pack-request"
                                          : "Content-Type: application/x-git-receive-pack-request");
    s->headers =
        curl_slist_append(s->headers, upload ? "Accept: application/x-git-upload-pack-result"
                                             : "Accept: application/x-git-receive-pack-result");
    s->headers = curl_slist_append(s->headers, "Expect:");
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, s->request_body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(s->request_body.size()));
  }
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, s->headers);

  if (curl_multi_add_handle(s->owner->multi, e) != CURLM_OK) {
    return transport.Fail(InternalError("curl_multi_add_handle failed"));
  }
  return 0;
}

// Runs the transfer until response bytes are buffered or it ends.
int Pump(HttpStream* s) {
  RemoteTransport& transport = Transport(s);
  while (s->buffer_pos == s->buffer.size() && !s->done) {
    int running = 0;
    CURLMcode mc = curl_multi_perform(s->owner->multi, &running);
    if (mc != CURLM_OK) {
      return transport.Fail(InternalError(std::string("curl: ") + curl_multi_strerror(mc)));
    }
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(s->owner->multi, &queued)) {
      if (msg->msg != CURLMSG_DONE || msg->easy_handle != s->easy) continue;
      s->done = true;
      CURLcode result = msg->data.result;
      if (s->failed) return -1;  // our callback recorded why
      if (result != CURLE_OK) return transport.Fail(TransferError(s, result));
      if (!CheckResponse(s)) return -1;
      if (s->service == GIT_SERVICE_UPLOADPACK_LS || s->service == GIT_SERVICE_RECEIVEPACK_LS) {
        char* effective = nullptr;
        curl_easy_getinfo(s->easy, CURLINFO_EFFECTIVE_URL, &effective);
        std::string_view eff = effective != nullptr ? effective : "";
        if (eff.size() > kInfoRefs.size() &&
            eff.substr(eff.size() - kInfoRefs.size()) == kInfoRefs) {
          s->owner->base_url = std::string(eff.substr(0, eff.size() - kInfoRefs.size()));
        }
      }
    }
    if (s->buffer_pos == s->buffer.size() && !s->done) {
      curl_multi_poll(s->owner->multi, nullptr, 0, 100, nullptr);
    }
  }
  return 0;
}

int StreamRead(git_smart_subtransport_stream* stream, char* buffer, size_t buf_size,
               size_t* bytes_read) {
  auto* s = reinterpret_cast<HttpStream*>(stream);
  *bytes_read = 0;
  if (!s->started) {
    if (int rc = StartRequest(s); rc < 0) return rc;
  }
  if (int rc = Pump(s); rc < 0) return rc;
  size_t n = std::min(buf_size, s->buffer.size() - s->buffer_pos);
  std::memcpy(buffer, s->buffer.data() + s->buffer_pos, n);
  s->buffer_pos += n;
  if (s->buffer_pos == s->buffer.size()) {
    s->buffer.clear();
    s->buffer_pos = 0;
  }
  *bytes_read = n;
  return 0;
}

int StreamWrite(git_smart_subtransport_stream* stream, const char* buffer, size_t len) {
  auto* s = reinterpret_cast<HttpStream*>(stream);
  if (s->started) {
    return Transport(s).Fail(
        InternalError("write after the response started on " + RedactUrl(s->url)));
  }
  s->request_body.append(buffer, len);
  return 0;
}

void StreamFree(git_smart_subtransport_stream* stream) {
  auto* s = reinterpret_cast<HttpStream*>(stream);
  if (s->easy != nullptr) {
    curl_multi_remove_handle(s->owner->multi, s->easy);
    curl_easy_cleanup(s->easy);
  }
  curl_slist_free_all(s->headers);
  delete s;
}

int Action(git_smart_subtransport_stream** out, git_smart_subtransport* subtransport,
           const char* url, git_smart_service_t action) {
  auto* t = reinterpret_cast<HttpSubtransport*>(subtransport);
  *out = nullptr;
  std::string clean;
  std::string user, password;
  if (!SplitUserinfo(url, &clean, &user, &password)) {
    return t->transport->Fail(InvalidArgumentError("not a valid URL: " + RedactUrl(url)));
  }
  clean = TrimSlash(clean);
  if (clean != t->requested_url) {
    t->requested_url = clean;
    t->base_url = clean;
    t->url_username = user;
    t->url_password = password;
  }
  auto* s = new HttpStream();
  s->parent.subtransport = subtransport;
  s->parent.read = StreamRead;
  s->parent.write = StreamWrite;
  s->parent.free = StreamFree;
  s->owner = t;
  s->service = action;
  switch (action) {
    case GIT_SERVICE_UPLOADPACK_LS:
      s->url = t->base_url + std::string(kInfoRefs);
      break;
    case GIT_SERVICE_UPLOADPACK:
      s->url = t->base_url + "/git-upload-pack";
      break;
    case GIT_SERVICE_RECEIVEPACK_LS:
      s->url = t->base_url + "/info/refs?service=git-receive-pack";
      break;
    case GIT_SERVICE_RECEIVEPACK:
      s->url = t->base_url + "/git-receive-pack";
      break;
  }
  *out = &s->parent;
  return 0;
}

int Close(git_smart_subtransport*) { return 0; }

void Free(git_smart_subtransport* subtransport) {
  auto* t = reinterpret_cast<HttpSubtransport*>(subtransport);
  curl_multi_cleanup(t->multi);
  delete t;
}

}  // namespace

int CreateHttpSubtransport(git_smart_subtransport** out, git_transport*, void* param) {
  GlobalInit();
  auto* t = new HttpSubtransport();
  t->parent.action = Action;
  t->parent.close = Close;
  t->parent.free = Free;
  t->transport = static_cast<RemoteTransport*>(param);
  t->multi = curl_multi_init();
  if (t->multi == nullptr) {
    delete t;
    return static_cast<RemoteTransport*>(param)->Fail(InternalError("curl_multi_init failed"));
  }
  *out = &t->parent;
  return 0;
}

}  // namespace gitops::source
