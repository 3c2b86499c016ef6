/* Wine 8 (Debian 12) lacks bcryptprimitives.dll, which Rust's standard library imports for
 * ProcessPrng. This stand-in forwards to RtlGenRandom (advapi32 SystemFunction036), so the
 * Windows build can be tested under Wine. Never shipped with vblint. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
