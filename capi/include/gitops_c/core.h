/*
 * gitops_c/core.h: the C API's conventions and the core module: versions,
 * errors, buffers, YAML and JSON documents, object ids. Include gitops_c.h,
 * which includes every module's header; its comment gives the conventions.
 */
#ifndef INCLUDE_GITOPS_C_CORE_H_
#define INCLUDE_GITOPS_C_CORE_H_

#include <stddef.h>

#ifdef __cplusplus
#define GITOPS_BEGIN_DECL extern "C" {
#define GITOPS_END_DECL }
#else
#define GITOPS_BEGIN_DECL
#define GITOPS_END_DECL
#endif

/** Declares a function exported from libgitops_c. */
#if defined(__GNUC__)
#define GITOPS_EXTERN(type) extern __attribute__((visibility("default"))) type
#else
#define GITOPS_EXTERN(type) extern type
#endif

/**
 * The version of this header. gitops_version() gives the version of the
 * library actually loaded, which may differ for a program built against
 * another release.
 */
#define GITOPS_VERSION_MAJOR 0
#define GITOPS_VERSION_MINOR 1
#define GITOPS_VERSION_PATCH 0
#define GITOPS_VERSION "0.1.0"

GITOPS_BEGIN_DECL

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * Return codes. GITOPS_OK is success; each negative code is one of the C++
 * library's canonical codes (gitops::Code in gitops/core/status.h) negated,
 * except GITOPS_ENOMEM, which only the C layer reports.
 */
typedef enum {
  GITOPS_OK = 0,
  GITOPS_EINVALID = -1,        /**< the caller's input is wrong (InvalidArgument) */
  GITOPS_EPARSE = -2,          /**< text could not be read; has a location (ParseError) */
  GITOPS_ENOTFOUND = -3,       /**< a file, object, key or ref does not exist (NotFound) */
  GITOPS_EEXISTS = -4,         /**< something to be created is already there (AlreadyExists) */
  GITOPS_ECONFLICT = -5,       /**< another owner holds it (Conflict) */
  GITOPS_EPRECONDITION = -6,   /**< the state does not allow the call (FailedPrecondition) */
  GITOPS_ELIMIT = -7,          /**< a configured bound was hit (LimitExceeded) */
  GITOPS_EPERMISSION = -8,     /**< authn, authz or a path escape (PermissionDenied) */
  GITOPS_EUNAVAILABLE = -9,    /**< a peer could not be reached; retrying may help (Unavailable) */
  GITOPS_ETIMEOUT = -10,       /**< a deadline passed (Timeout) */
  GITOPS_ECANCELLED = -11,     /**< the caller cancelled (Cancelled) */
  GITOPS_EUNIMPLEMENTED = -12, /**< a feature gitops does not provide (Unimplemented) */
  GITOPS_EINTERNAL = -13,      /**< a bug in gitops (Internal) */
  GITOPS_ENOMEM = -14          /**< memory could not be allocated */
} gitops_error_code;

/**
 * The description of a failed call.
 *
 * All strings are NUL-terminated and never NULL: `message` is the whole
 * error as the C++ library prints it ("file:line:column: message", with the
 * parts that are known), `file` is the name the caller gave the text (empty
 * if none or unknown). `line` and `column` count from 1; 0 means unknown.
 */
typedef struct {
  int code; /**< a negative gitops_error_code */
  const char *message;
  const char *file;
  int line;
  int column;
} gitops_error;

/**
 * Returns the error of the last call that failed on this thread.
 *
 * A failing call replaces it; a successful call leaves it as it was (as in
 * libgit2), so check the return code first. When no call has failed on this
 * thread (or after gitops_error_clear()) it is a record with code GITOPS_OK
 * and message "no error". Never returns NULL. The record and its strings
 * belong to the library and stay valid until the next failing call or
 * gitops_error_clear() on the same thread.
 */
GITOPS_EXTERN(const gitops_error *) gitops_error_last(void);

/** Resets this thread's last error to GITOPS_OK, "no error". */
GITOPS_EXTERN(void) gitops_error_clear(void);

/* ------------------------------------------------------------------------ */
/* Library                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * Reports the version of the loaded library.
 *
 * @param major receives the major version; must not be NULL
 * @param minor receives the minor version; must not be NULL
 * @param patch receives the patch version; must not be NULL
 * @return 0, or GITOPS_EINVALID if a pointer is NULL
 */
GITOPS_EXTERN(int) gitops_version(int *major, int *minor, int *patch);

/* ------------------------------------------------------------------------ */
/* Buffers                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * A string returned by the library: `ptr` points to `size` bytes followed
 * by a NUL (so `ptr` is also a C string when the text holds no NUL byte).
 *
 * Initialise a buffer with GITOPS_BUF_INIT before its first use. A function
 * that fills a buffer first releases what the buffer held, so one buffer may
 * be reused; on failure it leaves the buffer empty ({NULL, 0}). Release the
 * last contents with gitops_buf_dispose().
 */
typedef struct {
  char *ptr;
  size_t size;
} gitops_buf;

#define GITOPS_BUF_INIT \
  { NULL, 0 }

/**
 * Releases the buffer's memory and resets it to {NULL, 0}. NULL, and a
 * buffer that is already empty, are no-ops.
 */
GITOPS_EXTERN(void) gitops_buf_dispose(gitops_buf *buf);

/* ------------------------------------------------------------------------ */
/* Documents                                                                */
/* ------------------------------------------------------------------------ */

/**
 * A parsed list of documents (each a JSON-shaped tree: usually one
 * Kubernetes manifest). Created by gitops_yaml_parse() or
 * gitops_json_parse(), read with the gitops_docs_* functions, released with
 * gitops_docs_free(). Immutable once created.
 */
typedef struct gitops_docs gitops_docs;

/** What a repeated mapping key means. */
typedef enum {
  /** The parser's own default: an error for YAML, the last wins for JSON. */
  GITOPS_DUPLICATE_KEYS_DEFAULT = 0,
  /** A parse error (`mapping key "a" already defined at line 6`), as kustomize reports it. */
  GITOPS_DUPLICATE_KEYS_ERROR = 1,
  /** The later value replaces the earlier one, as sigs.k8s.io/yaml and encoding/json read. */
  GITOPS_DUPLICATE_KEYS_LAST_WINS = 2
} gitops_duplicate_keys_t;

/** Options for gitops_yaml_parse(). */
typedef struct {
  unsigned int version; /**< GITOPS_YAML_PARSE_OPTIONS_VERSION */
  /** The name errors give for the text (a path, "<stdin>"). Default: NULL (none). */
  const char *file;
  /** Largest stream accepted, in bytes. Default: 0 (the library's, 64 MiB). */
  size_t max_document_bytes;
  /** Deepest nesting of collections. Default: 0 (the library's, 1000). */
  size_t max_depth;
  /** Most nodes alias expansion may create in the stream. Default: 0 (the library's, 1,000,000). */
  size_t max_alias_nodes;
  /** What a repeated mapping key means. Default: GITOPS_DUPLICATE_KEYS_DEFAULT (an error). */
  gitops_duplicate_keys_t duplicate_keys;
  /**
   * Non-zero keeps documents that are empty or only `null` (as null
   * documents). Default: 0 (left out, as kustomize leaves them out).
   */
  int keep_empty_documents;
} gitops_yaml_parse_options;

#define GITOPS_YAML_PARSE_OPTIONS_VERSION 1
#define GITOPS_YAML_PARSE_OPTIONS_INIT \
  { GITOPS_YAML_PARSE_OPTIONS_VERSION, NULL, 0, 0, 0, GITOPS_DUPLICATE_KEYS_DEFAULT, 0 }

/**
 * Initialises `opts` with the defaults, as GITOPS_YAML_PARSE_OPTIONS_INIT does.
 *
 * @param opts the struct to initialise; must not be NULL
 * @param version GITOPS_YAML_PARSE_OPTIONS_VERSION
 * @return 0, or GITOPS_EINVALID for a NULL `opts` or an unknown version
 */
GITOPS_EXTERN(int)
gitops_yaml_parse_options_init(gitops_yaml_parse_options *opts, unsigned int version);

/**
 * Parses a YAML stream (one or more documents separated by `---`) as
 * kustomize v5.5 reads it.
 *
 * @param out receives the new handle, which the caller frees with
 *        gitops_docs_free(); set to NULL on failure
 * @param text the stream, `len` bytes (need not be NUL-terminated); must not be NULL
 * @param len the length of `text` in bytes
 * @param opts options, or NULL for the defaults
 * @return 0; GITOPS_EPARSE for a syntax error, a duplicate key, invalid
 *         UTF-8 or a bad tag (gitops_error_last() has the line and column);
 *         GITOPS_ELIMIT when a size, depth or alias limit is exceeded;
 *         GITOPS_EINVALID for a NULL argument or bad options
 */
GITOPS_EXTERN(int)
gitops_yaml_parse(gitops_docs **out, const char *text, size_t len,
                  const gitops_yaml_parse_options *opts);

/** Options for gitops_json_parse(). */
typedef struct {
  unsigned int version; /**< GITOPS_JSON_PARSE_OPTIONS_VERSION */
  /** The name errors give for the text. Default: NULL (none). */
  const char *file;
  /** Largest text accepted, in bytes. Default: 0 (the library's, 64 MiB). */
  size_t max_document_bytes;
  /** Deepest nesting of arrays and objects. Default: 0 (the library's, 1000). */
  size_t max_depth;
  /** What a repeated key means. Default: GITOPS_DUPLICATE_KEYS_DEFAULT (the last wins). */
  gitops_duplicate_keys_t duplicate_keys;
} gitops_json_parse_options;

#define GITOPS_JSON_PARSE_OPTIONS_VERSION 1
#define GITOPS_JSON_PARSE_OPTIONS_INIT \
  { GITOPS_JSON_PARSE_OPTIONS_VERSION, NULL, 0, 0, GITOPS_DUPLICATE_KEYS_DEFAULT }

/**
 * Initialises `opts` with the defaults, as GITOPS_JSON_PARSE_OPTIONS_INIT does.
 *
 * @return 0, or GITOPS_EINVALID for a NULL `opts` or an unknown version
 */
GITOPS_EXTERN(int)
gitops_json_parse_options_init(gitops_json_parse_options *opts, unsigned int version);

/**
 * Parses exactly one JSON value (RFC 8259, strict) into a handle holding
 * one document.
 *
 * @param out receives the new handle (free with gitops_docs_free()); set to
 *        NULL on failure
 * @param text the JSON text, `len` bytes; must not be NULL
 * @param len the length of `text` in bytes
 * @param opts options, or NULL for the defaults
 * @return 0; GITOPS_EPARSE (syntax, invalid UTF-8, lone surrogate, trailing
 *         data; with line and column); GITOPS_ELIMIT (size or depth);
 *         GITOPS_EINVALID for a NULL argument or bad options
 */
GITOPS_EXTERN(int)
gitops_json_parse(gitops_docs **out, const char *text, size_t len,
                  const gitops_json_parse_options *opts);

/** Releases a handle and everything borrowed from it. NULL is a no-op. */
GITOPS_EXTERN(void) gitops_docs_free(gitops_docs *docs);

/** Returns the number of documents in `docs`; 0 for NULL. */
GITOPS_EXTERN(size_t) gitops_docs_count(const gitops_docs *docs);

/**
 * The identity of a Kubernetes object, as Flux's inventory records it.
 *
 * Every string is NUL-terminated and never NULL (an absent part is ""):
 * `group` is "" for the core group and `namespace_name` "" for a
 * cluster-scoped object. `inventory_id` is
 * "<namespace>_<name>_<group>_<kind>" (the version is not part of it).
 * The struct is borrowed from its gitops_docs handle (see
 * gitops_docs_object_id()); callers never allocate one, so later versions
 * may append fields.
 */
typedef struct {
  const char *group;
  const char *version;
  const char *kind;
  const char *namespace_name;
  const char *name;
  const char *inventory_id;
} gitops_object_id;

/**
 * Gets the object identity of one document.
 *
 * @param out receives a pointer to the identity, borrowed from `docs`: it
 *        stays valid until gitops_docs_free(docs); set to NULL on failure
 * @param docs the documents; must not be NULL
 * @param index which document, from 0
 * @return 0; GITOPS_EINVALID for a NULL argument, an index out of range, or
 *         a document that is not a Kubernetes object (no string apiVersion,
 *         kind or metadata.name: the message names the field)
 */
GITOPS_EXTERN(int)
gitops_docs_object_id(const gitops_object_id **out, const gitops_docs *docs, size_t index);

/**
 * Writes one document as YAML exactly as `kustomize build` v5.5 prints it
 * (keys sorted, go-yaml quoting), without a leading `---`, ending in a newline.
 *
 * @param out the buffer to fill (see gitops_buf); must not be NULL
 * @param docs the documents; must not be NULL
 * @param index which document, from 0
 * @return 0; GITOPS_EINVALID for a NULL argument or an index out of range;
 *         GITOPS_ENOMEM
 */
GITOPS_EXTERN(int) gitops_docs_write_yaml(gitops_buf *out, const gitops_docs *docs, size_t index);

/**
 * Writes all documents as one YAML stream, separated by `---` lines, as
 * `kustomize build` prints them. No documents give an empty string.
 *
 * @return 0; GITOPS_EINVALID for a NULL argument; GITOPS_ENOMEM
 */
GITOPS_EXTERN(int) gitops_docs_write_yaml_stream(gitops_buf *out, const gitops_docs *docs);

/**
 * Writes one document as JSON (keys in document order, no trailing newline).
 *
 * @param out the buffer to fill; must not be NULL
 * @param docs the documents; must not be NULL
 * @param index which document, from 0
 * @param indent spaces per level; 0 writes compact JSON on one line
 * @return 0; GITOPS_EINVALID for a NULL argument, an index out of range, a
 *         negative indent, or a document JSON cannot hold (a NaN or
 *         infinite number, a string that is not UTF-8); GITOPS_ENOMEM
 */
GITOPS_EXTERN(int)
gitops_docs_write_json(gitops_buf *out, const gitops_docs *docs, size_t index, int indent);

/**
 * Writes all documents as one JSON array (`[]` for none).
 *
 * @return as gitops_docs_write_json()
 */
GITOPS_EXTERN(int)
gitops_docs_write_json_array(gitops_buf *out, const gitops_docs *docs, int indent);

GITOPS_END_DECL

#endif /* INCLUDE_GITOPS_C_CORE_H_ */
