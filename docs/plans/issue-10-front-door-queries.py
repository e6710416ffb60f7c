import ast, pathlib, sys
REL={"applications","decisions","journal","events","messages","meetings","payments","attachments","appeals","warnings","supplement_requests","calculations","lines","earlier_support","reasons_for_need","medical_certificates","intake_notes","drafts","register_proposals","members","memberships","changes"}
ROOTS={"case","application","decision","request_","supplement_request"}
ORM = {"filter","exclude","get","update","select_related","prefetch_related","order_by","annotate","values_list","values","count","exists","first","last","all","create","delete","distinct","aggregate","get_or_create","update_or_create","none"}
for base in sys.argv[1:]:
  for p in sorted(pathlib.Path(base).rglob("*.py")):
    tree = ast.parse(p.read_text())
    funcs = []
    class V(ast.NodeVisitor):
        def __init__(s): s.stack=[]
        def visit_FunctionDef(s,n): s.stack.append(n.name); s.generic_visit(n); s.stack.pop()
        visit_AsyncFunctionDef = visit_FunctionDef
        def visit_Call(s,n):
            f = n.func
            if isinstance(f, ast.Attribute) and f.attr in ORM:
                # chain root
                chain=[]; x=f.value
                while isinstance(x,(ast.Attribute,ast.Call,ast.Subscript)):
                    if isinstance(x,ast.Attribute): chain.append(x.attr); x=x.value
                    elif isinstance(x,ast.Call): x=x.func
                    else: x=x.value
                root = x.id if isinstance(x,ast.Name) else "?"
                chain = list(reversed(chain))
                # heuristics: .objects, or related manager on model instance
                if "objects" in chain or (chain and chain[-1] in REL) or (len(chain)>=1 and chain[0] in REL) or (root in ROOTS and chain and chain[-1] in REL|{"household","members"}):
                    print(f"{p}:{n.lineno}\t{'.'.join(s.stack) or '<module>'}\t{root}.{'.'.join(chain)}.{f.attr}(")
            s.generic_visit(n)
    V().visit(tree)
