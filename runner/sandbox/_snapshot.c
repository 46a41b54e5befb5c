/* The snapshot engine's C half: one QuickJS-ng runtime whose whole heap lives in one arena.

   Creating a runtime and a context with all intrinsics costs more than running a typical
   transform, and a reused context leaks state between events. Here the runtime allocates
   only from one mmap'd arena through our own allocator, so the arena *is* the engine's
   state: after the driver and a transform are loaded its used part is copied aside (an
   image), and copying an image back gives every event an untouched engine in ~5 µs.

   Nothing here reads QuickJS internals: the few public C API functions we use are declared
   below and resolved with dlsym from the `_quickjs` shared object PyPI `quickjs-ng`
   installed. State that lives outside the arena or that a copy would freeze (the seed of
   Math.random, the origin of performance.now) is reset per event by our own functions.
   Loaded from Python with ctypes (`snapshot.py`), which also runs the start-up self-test. */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>

/* ---- the public QuickJS-ng C API we use (quickjs.h, 64-bit value representation) ---- */
typedef struct JSRuntime JSRuntime;
typedef struct JSContext JSContext;
typedef struct {
    union { int32_t int32; double float64; void *ptr; int32_t short_big_int; } u;
    int64_t tag;
} JSValue;
enum { TAG_STRING = -7, TAG_STRING_ROPE = -6, TAG_OBJECT = -1, TAG_INT = 0, TAG_BOOL = 1,
       TAG_NULL = 2, TAG_UNDEFINED = 3, TAG_EXCEPTION = 6, TAG_FLOAT64 = 8 };
enum { EVAL_COMPILE_ONLY = 1 << 5, PROP_WRITABLE_CONFIGURABLE = 3, CFUNC_GENERIC = 0 };
typedef struct {
    void *(*js_calloc)(void *opaque, size_t count, size_t size);
    void *(*js_malloc)(void *opaque, size_t size);
    void (*js_free)(void *opaque, void *ptr);
    void *(*js_realloc)(void *opaque, void *ptr, size_t size);
    size_t (*js_malloc_usable_size)(const void *ptr);
} MallocFunctions;
typedef int InterruptHandler(JSRuntime *rt, void *opaque);
typedef JSValue CFunction(JSContext *ctx, JSValue this_val, int argc, JSValue *argv);

#define QJS_API(X)                                                                          \
    X(const char *, JS_GetVersion, (void))                                                  \
    X(JSRuntime *, JS_NewRuntime2, (const MallocFunctions *, void *))                       \
    X(JSContext *, JS_NewContext, (JSRuntime *))                                            \
    X(void, JS_SetMemoryLimit, (JSRuntime *, size_t))                                       \
    X(void, JS_SetMaxStackSize, (JSRuntime *, size_t))                                      \
    X(void, JS_UpdateStackTop, (JSRuntime *))                                               \
    X(void, JS_SetInterruptHandler, (JSRuntime *, InterruptHandler *, void *))              \
    X(JSValue, JS_Eval, (JSContext *, const char *, size_t, const char *, int))             \
    X(JSValue, JS_EvalFunction, (JSContext *, JSValue))                                     \
    X(JSValue, JS_Call, (JSContext *, JSValue, JSValue, int, JSValue *))                    \
    X(JSValue, JS_GetGlobalObject, (JSContext *))                                           \
    X(JSValue, JS_GetPropertyStr, (JSContext *, JSValue, const char *))                     \
    X(int, JS_DefinePropertyValueStr, (JSContext *, JSValue, const char *, JSValue, int))   \
    X(JSValue, JS_NewCFunction2, (JSContext *, CFunction *, const char *, int, int, int))   \
    X(JSValue, JS_NewStringLen, (JSContext *, const char *, size_t))                        \
    X(JSValue, JS_NewNumber, (JSContext *, double))                                         \
    X(const char *, JS_ToCStringLen2, (JSContext *, size_t *, JSValue, bool))               \
    X(void, JS_FreeCString, (JSContext *, const char *))                                    \
    X(void, JS_FreeValue, (JSContext *, JSValue))                                           \
    X(JSValue, JS_DupValue, (JSContext *, JSValue))                                         \
    X(JSValue, JS_GetException, (JSContext *))                                              \
    X(int, JS_ExecutePendingJob, (JSRuntime *, JSContext **))

#define DECLARE(ret, name, args) static ret(*p_##name) args;
QJS_API(DECLARE)
#undef DECLARE

static const JSValue UNDEFINED = {{.int32 = 0}, TAG_UNDEFINED};

/* ---- the arena: a bump allocator with size-class free lists, its state inside it ---- */
#define SLOTS 32
#define CLASSES 288
typedef struct { uint64_t cls, size; } Block; /* 16 bytes before every allocation */
typedef struct {
    size_t top;             /* bump offset: everything past it is free (and not saved) */
    size_t live;            /* bytes handed out and not freed: the engine's memory use */
    void *free[CLASSES];    /* one free list per size class */
    JSRuntime *rt;
    JSContext *ctx;
    JSValue slots[SLOTS];   /* values Python holds (compiled scripts, driver functions) */
} Header;

static char *arena;
static size_t capacity;
static Header *hdr;

static size_t class_of(size_t total, size_t *class_size) {
    if (total <= 1024) {
        size_t n = (total + 15) >> 4;
        *class_size = n << 4;
        return n - 1;
    }
    int e = 63 - __builtin_clzll((unsigned long long)(total - 1)); /* 2^e < total <= 2^(e+1) */
    size_t step = (size_t)1 << (e - 2);                        /* four classes per doubling */
    size_t k = (total + step - 1) / step;                      /* 5..8 */
    *class_size = k * step;
    return 64 + (size_t)(e - 10) * 4 + (k - 5);
}

static void *arena_malloc(void *opaque, size_t size) {
    (void)opaque;
    size_t csize, cls = class_of(size + sizeof(Block), &csize);
    if (cls >= CLASSES) return NULL;
    Block *b = hdr->free[cls];
    if (b) {
        hdr->free[cls] = *(void **)(b + 1);
    } else {
        if (csize > capacity - hdr->top) return NULL;
        b = (Block *)(arena + hdr->top);
        hdr->top += csize;
        b->cls = cls;
    }
    b->size = size;
    hdr->live += size;
    return b + 1;
}

static void arena_free(void *opaque, void *ptr) {
    (void)opaque;
    if (!ptr) return;
    Block *b = (Block *)ptr - 1;
    hdr->live -= b->size;
    *(void **)ptr = hdr->free[b->cls];
    hdr->free[b->cls] = b;
}

static void *arena_calloc(void *opaque, size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) return NULL;
    void *p = arena_malloc(opaque, count * size);
    if (p) memset(p, 0, count * size); /* the arena is reused: never assume zeroes */
    return p;
}

static void *arena_realloc(void *opaque, void *ptr, size_t size) {
    if (!ptr) return arena_malloc(opaque, size);
    if (!size) { arena_free(opaque, ptr); return NULL; }
    Block *b = (Block *)ptr - 1;
    size_t csize;
    if (b->cls == class_of(size + sizeof(Block), &csize)) { /* still fits its block */
        hdr->live += size - b->size;
        b->size = size;
        return ptr;
    }
    void *p = arena_malloc(opaque, size);
    if (!p) return NULL;
    memcpy(p, ptr, b->size < size ? b->size : size);
    arena_free(opaque, ptr);
    return p;
}

/* The requested size, as glibc would roughly report: the runtime's memory limit counts it. */
static size_t arena_usable_size(const void *ptr) { return ptr ? ((const Block *)ptr - 1)->size : 0; }

static const MallocFunctions ARENA = {arena_calloc, arena_malloc, arena_free, arena_realloc, arena_usable_size};

/* ---- state outside the arena, reset per event ---- */
static clock_t deadline;       /* process CPU time, like the binding's time limit */
static clock_t time_limit;
static uint64_t rng[2];        /* xorshift128+ behind Math.random, reseeded per event */
static double origin_ms;       /* performance.timeOrigin of the current event */

static int on_interrupt(JSRuntime *rt, void *opaque) {
    (void)rt; (void)opaque;
    return time_limit > 0 && clock() >= deadline;
}

static void arm(void) {
    p_JS_UpdateStackTop(hdr->rt);
    deadline = clock() + time_limit;
}

static double monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static JSValue js_random(JSContext *ctx, JSValue this_val, int argc, JSValue *argv) {
    (void)this_val; (void)argc; (void)argv;
    uint64_t s1 = rng[0];
    const uint64_t s0 = rng[1];
    rng[0] = s0;
    s1 ^= s1 << 23;
    rng[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
    return p_JS_NewNumber(ctx, (double)((rng[1] + s0) >> 11) * 0x1.0p-53);
}

static JSValue js_now(JSContext *ctx, JSValue this_val, int argc, JSValue *argv) {
    (void)this_val; (void)argc; (void)argv;
    return p_JS_NewNumber(ctx, monotonic_ms() - origin_ms);
}

static JSValue js_time_origin(JSContext *ctx, JSValue this_val, int argc, JSValue *argv) {
    (void)this_val; (void)argc; (void)argv;
    return p_JS_NewNumber(ctx, origin_ms);
}

/* ---- results handed to Python (read through ctypes as the `qa_out` structure) ---- */
enum { OUT_NONE, OUT_STRING, OUT_BOOL, OUT_NUMBER, OUT_VALUE, OUT_EXCEPTION };
typedef struct {
    int kind;
    int overflow;   /* the exception is a stack overflow */
    double number;
    size_t len;
    const char *text;
} Out;
Out qa_out;
static char *text_buf;
static size_t text_cap;

static void out_text(const char *s, size_t n) {
    if (n + 1 > text_cap) {
        size_t cap = n + 1 > 2 * text_cap ? n + 1 : 2 * text_cap;
        char *p = realloc(text_buf, cap);
        if (!p) { qa_out.len = 0; qa_out.text = ""; return; }
        text_buf = p;
        text_cap = cap;
    }
    memcpy(text_buf, s, n);
    text_buf[n] = 0;
    qa_out.text = text_buf;
    qa_out.len = n;
}

/* The current exception as "<String(e)>\n<e.stack>", as the Python binding formats it. */
static void out_exception(void) {
    JSContext *ctx = hdr->ctx;
    JSValue exc = p_JS_GetException(ctx);
    size_t n = 0, sn = 0;
    const char *s = p_JS_ToCStringLen2(ctx, &n, exc, false);
    const char *stack = NULL;
    if (exc.tag != TAG_NULL && exc.tag != TAG_UNDEFINED) {
        JSValue st = p_JS_GetPropertyStr(ctx, exc, "stack");
        if (st.tag != TAG_EXCEPTION) {
            stack = p_JS_ToCStringLen2(ctx, &sn, st, false);
            p_JS_FreeValue(ctx, st);
        }
    }
    qa_out.kind = OUT_EXCEPTION;
    if (s) {
        char *joined = malloc(n + sn + 2);
        if (joined) {
            memcpy(joined, s, n);
            joined[n] = '\n';
            if (stack) memcpy(joined + n + 1, stack, sn);
            out_text(joined, n + 1 + (stack ? sn : 0));
            free(joined);
        }
        qa_out.overflow = strstr(s, "stack overflow") || strstr(s, "call stack size exceeded");
    } else {
        static const char failed[] = "(Failed obtaining QuickJS error string. Concurrency issue?)";
        out_text(failed, sizeof failed - 1);
    }
    if (s) p_JS_FreeCString(ctx, s);
    if (stack) p_JS_FreeCString(ctx, stack);
    p_JS_FreeValue(ctx, exc);
    /* a conversion that threw leaves its own exception: drop it */
    p_JS_FreeValue(ctx, p_JS_GetException(ctx));
}

/* Takes ownership of v; keeps it in `slot` (>= 0) or converts it for Python. */
static int out_value(JSValue v, int slot) {
    qa_out.overflow = 0;
    switch ((int)v.tag) {
    case TAG_EXCEPTION:
        out_exception();
        return qa_out.kind;
    case TAG_UNDEFINED: case TAG_NULL:
        qa_out.kind = OUT_NONE;
        break;
    case TAG_BOOL:
        qa_out.kind = OUT_BOOL;
        qa_out.number = v.u.int32;
        break;
    case TAG_INT:
        qa_out.kind = OUT_NUMBER;
        qa_out.number = v.u.int32;
        break;
    case TAG_FLOAT64:
        qa_out.kind = OUT_NUMBER;
        qa_out.number = v.u.float64;
        break;
    case TAG_STRING: case TAG_STRING_ROPE: {
        size_t n = 0;
        const char *s = p_JS_ToCStringLen2(hdr->ctx, &n, v, false);
        if (!s) { p_JS_FreeValue(hdr->ctx, v); out_exception(); return qa_out.kind; }
        out_text(s, n);
        p_JS_FreeCString(hdr->ctx, s);
        qa_out.kind = OUT_STRING;
        break;
    }
    default:
        qa_out.kind = OUT_VALUE;
        if (slot >= 0 && slot < SLOTS) {
            p_JS_FreeValue(hdr->ctx, hdr->slots[slot]);
            hdr->slots[slot] = v;
            return qa_out.kind;
        }
    }
    p_JS_FreeValue(hdr->ctx, v);
    return qa_out.kind;
}

/* ---- the API ---- */
typedef struct { size_t len; char data[]; } Image;
static Image *base;

/* Resolve the API, map the arena, build the base image (runtime, context, our functions). */
int qa_init(const char *library, size_t arena_bytes, char *error, size_t error_len) {
    if (arena) { snprintf(error, error_len, "the snapshot engine is already set up in this process"); return -1; }
    void *lib = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (!lib) { snprintf(error, error_len, "cannot load %s: %s", library, dlerror()); return -1; }
#define RESOLVE(ret, name, args)                                                      \
    p_##name = (ret(*) args)dlsym(lib, #name);                                        \
    if (!p_##name) { snprintf(error, error_len, "%s does not export %s", library, #name); return -1; }
    QJS_API(RESOLVE)
#undef RESOLVE
    capacity = arena_bytes;
    arena = mmap(NULL, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (arena == MAP_FAILED) { arena = NULL; snprintf(error, error_len, "cannot map a %zu-byte arena", capacity); return -1; }
    hdr = (Header *)arena;
    memset(hdr, 0, sizeof *hdr);
    hdr->top = (sizeof *hdr + 63) & ~(size_t)63;
    for (int i = 0; i < SLOTS; i++) hdr->slots[i] = UNDEFINED;
    hdr->rt = p_JS_NewRuntime2(&ARENA, NULL);
    if (!hdr->rt) { snprintf(error, error_len, "JS_NewRuntime2 failed"); return -1; }
    hdr->ctx = p_JS_NewContext(hdr->rt);
    if (!hdr->ctx) { snprintf(error, error_len, "JS_NewContext failed"); return -1; }
    p_JS_SetInterruptHandler(hdr->rt, on_interrupt, NULL);
    p_JS_UpdateStackTop(hdr->rt);

    /* Math.random and performance, backed by state outside the arena (a copy would freeze it) */
    JSContext *ctx = hdr->ctx;
    JSValue global = p_JS_GetGlobalObject(ctx);
    JSValue math = p_JS_GetPropertyStr(ctx, global, "Math");
    p_JS_DefinePropertyValueStr(ctx, math, "random", p_JS_NewCFunction2(ctx, js_random, "random", 0, CFUNC_GENERIC, 0), PROP_WRITABLE_CONFIGURABLE);
    static const char perf[] =
        "(function (now, timeOrigin) {"
        "  const p = {};"
        "  Object.defineProperty(p, 'now', { value: now, enumerable: true });"
        "  Object.defineProperty(p, 'timeOrigin', { get: timeOrigin, enumerable: true });"
        "  Object.defineProperty(globalThis, 'performance', { value: p, writable: true, enumerable: true, configurable: true });"
        "})";
    JSValue install = p_JS_Eval(ctx, perf, sizeof perf - 1, "performance.js", 0);
    JSValue args[2] = {p_JS_NewCFunction2(ctx, js_now, "now", 0, CFUNC_GENERIC, 0),
                       p_JS_NewCFunction2(ctx, js_time_origin, "get timeOrigin", 0, CFUNC_GENERIC, 0)};
    JSValue done = p_JS_Call(ctx, install, UNDEFINED, 2, args);
    int failed = math.tag != TAG_OBJECT || install.tag == TAG_EXCEPTION || done.tag == TAG_EXCEPTION;
    p_JS_FreeValue(ctx, args[0]);
    p_JS_FreeValue(ctx, args[1]);
    p_JS_FreeValue(ctx, done);
    p_JS_FreeValue(ctx, install);
    p_JS_FreeValue(ctx, math);
    p_JS_FreeValue(ctx, global);
    if (failed) { snprintf(error, error_len, "could not install Math.random and performance"); return -1; }
    base = malloc(sizeof(Image) + hdr->top);
    if (!base) { snprintf(error, error_len, "out of memory"); return -1; }
    base->len = hdr->top;
    memcpy(base->data, arena, hdr->top);
    return 0;
}

const char *qa_version(void) { return p_JS_GetVersion(); }

/* Copy the arena's used part aside; Python keeps the pointer and drops it with qa_drop. */
void *qa_save(void) {
    Image *im = malloc(sizeof(Image) + hdr->top);
    if (!im) return NULL;
    im->len = hdr->top;
    memcpy(im->data, arena, hdr->top);
    return im;
}

void qa_drop(void *image) {
    if (image != base) free(image);
}

size_t qa_image_size(void *image) { return image ? ((Image *)image)->len : base->len; }

/* Start an event: the engine as the image left it (the base one for NULL), fresh clocks
   and random seed, and this event's limits. Pages a large event touched are returned.
   `restore` 0 keeps the engine as the last event left it: the no-isolation baseline of
   bench/bench_sandbox.py, never used for user code. */
void qa_open(void *image, int restore, double time_s, size_t memory, size_t stack) {
    Image *im = image ? image : base;
    size_t used = hdr->top;
    if (restore) {
        if (used > im->len + (8u << 20)) {
            size_t from = (im->len + 4095) & ~(size_t)4095;
            madvise(arena + from, used - from, MADV_DONTNEED);
        }
        memcpy(arena, im->data, im->len);
    }
    if (getrandom(rng, sizeof rng, GRND_NONBLOCK) != sizeof rng || (rng[0] | rng[1]) == 0) {
        rng[0] = (uint64_t)(monotonic_ms() * 1e6) | 1;
        rng[1] = (uint64_t)clock() ^ (uint64_t)(uintptr_t)&rng;
    }
    origin_ms = monotonic_ms();
    p_JS_UpdateStackTop(hdr->rt);
    p_JS_SetMemoryLimit(hdr->rt, memory);
    p_JS_SetMaxStackSize(hdr->rt, stack);
    time_limit = (clock_t)(time_s * CLOCKS_PER_SEC);
}

void qa_set_time_limit(double time_s) { time_limit = (clock_t)(time_s * CLOCKS_PER_SEC); }

/* Evaluate (or with compile_only, compile) code as the script `name`, the file name its
   stack frames show: the user's is "<input>", as the Python binding names every script,
   the driver's and the polyfills' their own, so the driver tells their frames apart by
   name. An object result is kept in `slot`. */
int qa_eval_as(const char *name, const char *code, size_t len, int compile_only, int slot) {
    arm();
    return out_value(p_JS_Eval(hdr->ctx, code, len, name, compile_only ? EVAL_COMPILE_ONLY : 0), slot);
}

/* Run a script compiled into `script` (its top level). The slot keeps its compiled form. */
int qa_run(int script, int slot) {
    arm();
    return out_value(p_JS_EvalFunction(hdr->ctx, p_JS_DupValue(hdr->ctx, hdr->slots[script])), slot);
}

/* Call the function in `fn`; argument i is null, a string, a boolean, a number or the value
   kept in slot numbers[i] by kinds[i] (OUT_NONE, OUT_STRING, OUT_BOOL, OUT_NUMBER,
   OUT_VALUE), as the binding passes None. */
int qa_call(int fn, int argc, const int *kinds, const double *numbers, const char **strings, const size_t *lens, int slot) {
    JSValue argv[8];
    if (argc > 8) argc = 8;
    for (int i = 0; i < argc; i++) {
        switch (kinds[i]) {
        case OUT_STRING: argv[i] = p_JS_NewStringLen(hdr->ctx, strings[i], lens[i]); break;
        case OUT_BOOL: argv[i] = (JSValue){{.int32 = numbers[i] != 0}, TAG_BOOL}; break;
        case OUT_NUMBER: argv[i] = p_JS_NewNumber(hdr->ctx, numbers[i]); break;
        case OUT_VALUE: {
            int kept = (int)numbers[i];
            argv[i] = kept >= 0 && kept < SLOTS ? p_JS_DupValue(hdr->ctx, hdr->slots[kept]) : UNDEFINED;
            break;
        }
        default: argv[i] = (JSValue){{.int32 = 0}, TAG_NULL};
        }
        if (argv[i].tag == TAG_EXCEPTION) {
            while (i--) p_JS_FreeValue(hdr->ctx, argv[i]);
            out_exception();
            return qa_out.kind;
        }
    }
    arm();
    JSValue r = p_JS_Call(hdr->ctx, hdr->slots[fn], UNDEFINED, argc, argv);
    for (int i = 0; i < argc; i++) p_JS_FreeValue(hdr->ctx, argv[i]);
    return out_value(r, slot);
}

/* qa_call with one string argument: the driver's entry called with the webhook, per event. */
int qa_call_string(int fn, const char *arg, size_t len, int slot) {
    JSValue argv[1] = {p_JS_NewStringLen(hdr->ctx, arg, len)};
    if (argv[0].tag == TAG_EXCEPTION) { out_exception(); return qa_out.kind; }
    arm();
    JSValue r = p_JS_Call(hdr->ctx, hdr->slots[fn], UNDEFINED, 1, argv);
    p_JS_FreeValue(hdr->ctx, argv[0]);
    return out_value(r, slot);
}

/* One pending job: 1 ran, 0 none left, OUT_EXCEPTION when it threw. */
int qa_pending(void) {
    JSContext *ctx;
    arm();
    int r = p_JS_ExecutePendingJob(hdr->rt, &ctx);
    if (r < 0) { out_exception(); return -1; }
    return r;
}

size_t qa_memory(void) { return hdr->live; }
size_t qa_arena_used(void) { return hdr->top; }
