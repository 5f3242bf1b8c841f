//! The module form of the generated client: one Rust file that a build
//! script writes to `OUT_DIR` and the user's crate pulls in with
//! `include!`.
//!
//! The file contains one item, `pub mod <crate_name> { ... }`, whose body is
//! the crate's `src/lib.rs` with every `mod name;` replaced by an inline
//! module holding `src/name.rs` (or `src/name/mod.rs`). Three rewrites make
//! it work wherever it is included:
//!
//! - paths that start with `crate::` become relative (`self::` in the
//!   module itself, `super::` one level down, and so on), so the file can
//!   sit inside any module of the user's crate, not only at its root;
//! - the inner attributes of `src/lib.rs` (`#![allow(...)]`, the `//!`
//!   docs) become inner attributes of the module, which `include!` accepts
//!   where it rejects them at the top level of the file;
//! - the module allows `dead_code`, because a binary that calls one
//!   operation would otherwise get a warning for every other one,
//!   `missing_docs`, because schemas without a description give items
//!   without docs that the including crate cannot add, and
//!   `clippy::module_inception`, for an `include!` inside a module of the
//!   same name.
//!
//! Ordinary `//` comments of the runtime files do not survive the trip
//! through tokens; doc comments do.

use std::collections::BTreeMap;

use proc_macro2::{Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

use crate::diagnostic::Diagnostic;

/// Builds the module file named `<module>.rs` from the Rust files of a crate
/// (paths relative to the crate root, such as `src/groups/mod.rs`).
pub fn module_file(module: &str, header: &str, files: Vec<(String, TokenStream)>) -> Result<(String, String), Diagnostic> {
    let mut parsed = BTreeMap::new();
    for (path, tokens) in files {
        let depth = module_depth(&path);
        let tokens = relative_crate_paths(tokens, depth);
        let file: syn::File = syn::parse2(tokens).map_err(|error| internal(&path, &error.to_string()))?;
        parsed.insert(path, file);
    }
    let root = parsed.remove("src/lib.rs").ok_or_else(|| internal("src/lib.rs", "missing"))?;
    let items = inline_modules(root.items, "src/lib.rs", &mut parsed)?;
    if let Some(path) = parsed.keys().next() {
        return Err(internal(path, "no `mod` declaration names this file"));
    }
    let inner = root.attrs;
    let name = Ident::new(module, Span::call_site());
    let tokens = quote! {
        pub mod #name {
            #(#inner)*
            #![allow(dead_code, missing_docs, clippy::module_inception)]
            #(#items)*
        }
    };
    let file: syn::File = syn::parse2(tokens).map_err(|error| internal(module, &error.to_string()))?;
    Ok((format!("{module}.rs"), format!("{header}{}", prettyplease::unparse(&file))))
}

fn internal(path: &str, reason: &str) -> Diagnostic {
    Diagnostic::error(format!("internal error: cannot build the module form from `{path}`: {reason}"))
        .with_help("please report this with the document that caused it")
}

/// Returns how many modules below the crate root the file's items sit:
/// `src/lib.rs` 0, `src/client.rs` and `src/groups/mod.rs` 1,
/// `src/groups/pets.rs` 2.
fn module_depth(path: &str) -> usize {
    let parts: Vec<&str> = path.trim_start_matches("src/").split('/').collect();
    let last = parts.last().copied().unwrap_or_default();
    let depth = parts.len();
    if last == "lib.rs" || last == "mod.rs" {
        depth - 1
    } else {
        depth
    }
}

/// Replaces `crate ::` (not `$crate ::`, not `pub(crate)`) by `self ::` at
/// depth 0 and by `super :: super ::` ... below.
fn relative_crate_paths(tokens: TokenStream, depth: usize) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    for (index, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) if ident == "crate" => {
                let after_dollar = index > 0 && matches!(&trees[index - 1], TokenTree::Punct(punct) if punct.as_char() == '$');
                let before_path = matches!(trees.get(index + 1), Some(TokenTree::Punct(punct)) if punct.as_char() == ':');
                if after_dollar || !before_path {
                    out.push(tree.clone());
                } else if depth == 0 {
                    out.push(TokenTree::Ident(Ident::new("self", ident.span())));
                } else {
                    for level in 0..depth {
                        if level > 0 {
                            out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
                            out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
                        }
                        out.push(TokenTree::Ident(Ident::new("super", ident.span())));
                    }
                }
            }
            TokenTree::Group(group) => {
                let mut rewritten = Group::new(group.delimiter(), relative_crate_paths(group.stream(), depth));
                rewritten.set_span(group.span());
                out.push(TokenTree::Group(rewritten));
            }
            other => out.push(other.clone()),
        }
    }
    out.into_iter().collect()
}

/// Replaces each `mod name;` among `items` (of the file at `path`) by an
/// inline module with the items of the file it names, recursively.
fn inline_modules(
    items: Vec<syn::Item>,
    path: &str,
    files: &mut BTreeMap<String, syn::File>,
) -> Result<Vec<syn::Item>, Diagnostic> {
    let folder = match path.rsplit_once('/') {
        Some((folder, "lib.rs" | "mod.rs")) => folder.to_string(),
        _ => path.trim_end_matches(".rs").to_string(),
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let syn::Item::Mod(mut module) = item else {
            out.push(item);
            continue;
        };
        if module.content.is_some() {
            out.push(syn::Item::Mod(module));
            continue;
        }
        let name = module.ident.to_string();
        let candidates = [format!("{folder}/{name}.rs"), format!("{folder}/{name}/mod.rs")];
        let (child_path, child) = candidates
            .iter()
            .find_map(|candidate| files.remove(candidate).map(|file| (candidate.clone(), file)))
            .ok_or_else(|| internal(path, &format!("no file for `mod {name};`")))?;
        module.attrs.extend(child.attrs);
        let items = inline_modules(child.items, &child_path, files)?;
        module.content = Some((Default::default(), items));
        module.semi = None;
        out.push(syn::Item::Mod(module));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(text: &str, depth: usize) -> String {
        let tokens: TokenStream = text.parse().expect("valid tokens");
        relative_crate_paths(tokens, depth).to_string()
    }

    #[test]
    fn crate_paths_become_relative() {
        assert_eq!(rewrite("use crate::error::Error;", 1), "use super :: error :: Error ;");
        assert_eq!(rewrite("impl crate::Client {}", 2), "impl super :: super :: Client { }");
        assert_eq!(rewrite("f(crate::X)", 0), "f (self :: X)");
    }

    #[test]
    fn other_uses_of_crate_stay() {
        assert_eq!(rewrite("pub(crate) fn f() {}", 1), "pub (crate) fn f () { }");
        assert_eq!(rewrite("$crate::x!()", 1), "$ crate :: x ! ()");
    }

    #[test]
    fn depths() {
        assert_eq!(module_depth("src/lib.rs"), 0);
        assert_eq!(module_depth("src/client.rs"), 1);
        assert_eq!(module_depth("src/groups/mod.rs"), 1);
        assert_eq!(module_depth("src/groups/pets.rs"), 2);
    }

    #[test]
    fn inlines_nested_modules() {
        let files = vec![
            ("src/lib.rs".to_string(), quote!(#![allow(deprecated)] mod a; pub mod b; pub use a::A;)),
            ("src/a.rs".to_string(), quote!(pub struct A(pub crate::b::c::C);)),
            ("src/b/mod.rs".to_string(), quote!(pub mod c;)),
            ("src/b/c.rs".to_string(), quote!(pub struct C; impl crate::A {})),
        ];
        let (name, text) = module_file("api", "// header\n", files).expect("module");
        assert_eq!(name, "api.rs");
        assert!(text.starts_with("// header\n"), "{text}");
        assert!(text.contains("pub mod api {\n    #![allow(deprecated)]\n    #![allow(dead_code, missing_docs, clippy::module_inception)]"), "{text}");
        assert!(text.contains("pub struct A(pub super::b::c::C);"), "{text}");
        assert!(text.contains("impl super::super::A {}"), "{text}");
    }

    #[test]
    fn undeclared_file_is_an_error() {
        let files = vec![
            ("src/lib.rs".to_string(), quote!(mod a;)),
            ("src/a.rs".to_string(), quote!()),
            ("src/b.rs".to_string(), quote!()),
        ];
        assert!(module_file("api", "", files).is_err());
    }
}
