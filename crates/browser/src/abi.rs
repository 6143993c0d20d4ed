//! The exports JavaScript calls. This is the only unsafe code of plenum: passing byte buffers
//! across the WebAssembly boundary. The protocol:
//!
//! 1. `plenum_alloc(len)` gives a buffer; JS writes the JSON request into it;
//! 2. `plenum_call(ptr, len)` consumes the request and returns a pointer to an answer laid out
//!    as a little-endian `u32` length followed by that many bytes of JSON;
//! 3. JS reads the answer and gives it back with `plenum_free(ptr, 4 + length)`.
#![allow(unsafe_code)]

use std::alloc::{Layout, alloc, dealloc};

fn layout(len: usize) -> Layout {
    Layout::from_size_align(len.max(1), 1).expect("byte buffers have alignment 1")
}

/// A buffer of `len` bytes for JavaScript to fill.
#[unsafe(no_mangle)]
pub extern "C" fn plenum_alloc(len: usize) -> *mut u8 {
    // SAFETY: the layout has a non-zero size.
    unsafe { alloc(layout(len)) }
}

/// Frees a buffer from [`plenum_alloc`] or [`plenum_call`].
///
/// # Safety
/// `ptr` must come from one of those functions, with the same `len`, and not be used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plenum_free(ptr: *mut u8, len: usize) {
    // SAFETY: guaranteed by the caller, as documented.
    unsafe { dealloc(ptr, layout(len)) }
}

/// Runs one request (see the module documentation); frees the request buffer.
///
/// # Safety
/// `ptr` must be a buffer from [`plenum_alloc`] of `len` bytes, written by the caller.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn plenum_call(ptr: *mut u8, len: usize) -> *mut u8 {
    // SAFETY: the caller passes a live buffer of `len` bytes, as documented.
    let request = unsafe { std::slice::from_raw_parts(ptr, len) }.to_vec();
    // SAFETY: the buffer came from plenum_alloc with this length and is not used again.
    unsafe { plenum_free(ptr, len) };
    let answer = crate::ops::call(&request);
    let len = u32::try_from(answer.len()).expect("answers are small");
    let out = plenum_alloc(4 + answer.len());
    // SAFETY: `out` has room for 4 + answer.len() bytes.
    unsafe {
        std::ptr::copy_nonoverlapping(len.to_le_bytes().as_ptr(), out, 4);
        std::ptr::copy_nonoverlapping(answer.as_ptr(), out.add(4), answer.len());
    }
    out
}
