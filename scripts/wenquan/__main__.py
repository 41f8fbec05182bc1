from wenquan.cli import main

main()
